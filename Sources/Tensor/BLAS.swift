// The only file that sees OpenBLAS: row-major sgemm and the thread count.
import COpenBLAS
import Foundation

public enum BLAS {
    /// C ← alpha · op(A) · op(B) + beta · C, all row-major.
    /// op(A): (m,k) · op(B): (k,n) → C: (m,n); `lda`/`ldb`/`ldc` are row strides of the stored matrices.
    /// A product of fewer than `smallProduct` multiply-adds runs on one thread whatever `threads` says.
    public static func sgemm(
        transposeA: Bool = false, transposeB: Bool = false,
        m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        let threads = Int(openblas_get_num_threads())
        let holdToOne = threads > 1 && m * n * k < smallProduct
        if holdToOne { openblas_set_num_threads(1) }
        defer { if holdToOne { openblas_set_num_threads(Int32(threads)) } }
        cblas_sgemm(CblasRowMajor,
                    transposeA ? CblasTrans : CblasNoTrans,
                    transposeB ? CblasTrans : CblasNoTrans,
                    blasint(m), blasint(n), blasint(k),
                    alpha, a, blasint(lda), b, blasint(ldb),
                    beta, c, blasint(ldc))
    }

    /// About 0.3 ms of one core. OpenBLAS wakes its threads from about a sixtieth of that; for such
    /// products the wake-up costs what the second core saves, and a woken thread then spins for a
    /// tenth of a second, taking the core from the batch-parallel parts of the next layer.
    static let smallProduct = 1 << 24

    /// Threads OpenBLAS uses for one call.
    public static var threads: Int {
        get { Int(openblas_get_num_threads()) }
        set { openblas_set_num_threads(Int32(max(1, newValue))) }
    }

    /// `LOUPE_THREADS` from the environment, else the number of cores.
    public static func configureThreadsFromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) {
        let requested = environment["LOUPE_THREADS"].flatMap(Int.init) ?? ProcessInfo.processInfo.activeProcessorCount
        threads = max(1, requested)
    }
}
