// Matrix product of two 2-D tensors through sgemm.

extension Tensor {
    // a: (M,K) · b: (K,N) → (M,N)
    public static func matmul(_ a: Tensor, _ b: Tensor) -> Tensor {
        precondition(a.shape.count == 2 && b.shape.count == 2 && a.shape[1] == b.shape[0],
                     "matmul of \(a.shape) and \(b.shape)")
        let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1])
        return Tensor(shape: [m, n]) { c in
            a.scalars.withUnsafeBufferPointer { a in
                b.scalars.withUnsafeBufferPointer { b in
                    BLAS.sgemm(m: m, n: n, k: k, a: a.baseAddress!, lda: k, b: b.baseAddress!, ldb: n, c: c.baseAddress!, ldc: n)
                }
            }
        }
    }
}
