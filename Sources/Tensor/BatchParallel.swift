// Splitting a batch over the threads the trainer was given (BLAS.threads). The sgemm calls of a
// convolution cover a few thousand patch rows each, too small for OpenBLAS's own threads to pay off;
// whole chunks of images on each core do, so OpenBLAS runs one thread inside each part meanwhile.
import Dispatch

enum BatchParallel {
    /// Runs `body(part, parts)` for part 0..<parts on as many threads (the caller's among them); with
    /// one part it runs inline, OpenBLAS untouched. Callers size per-part buffers from the same
    /// `parts`, taken once from `parts(for:)`: the thread count is process-wide and may change meanwhile.
    static func run(parts: Int, _ body: (_ part: Int, _ parts: Int) -> Void) {
        guard parts > 1 else { return body(0, 1) }
        let threads = BLAS.threads
        BLAS.threads = 1
        defer { BLAS.threads = threads }
        withoutActuallyEscaping(body) { body in
            let shared = SharedForParts(body)
            DispatchQueue.concurrentPerform(iterations: parts) { part in shared.body(part, parts) }
        }
    }

    /// `run`, each part adding into `count` floats of its own: part 0 straight into `sums`, the others
    /// into zeroed buffers added into `sums` once all are done (per-part gradients, without a lock).
    static func run(parts: Int, summingInto sums: UnsafeMutablePointer<Float>, count: Int,
                    _ body: (_ part: Int, _ parts: Int, _ sums: UnsafeMutablePointer<Float>) -> Void) {
        var others = [Float](repeating: 0, count: (parts - 1) * count)
        others.withUnsafeMutableBufferPointer { others in
            run(parts: parts) { part, parts in body(part, parts, part == 0 ? sums : others.baseAddress! + (part - 1) * count) }
            for part in 0..<(parts - 1) { Elementwise.add(others.baseAddress! + part * count, into: sums, count: count) }
        }
    }

    /// How many parts to split `work` items into: one per thread, at most one per item.
    static func parts(for work: Int) -> Int { max(1, min(BLAS.threads, work)) }

    /// The range of `count` items that part `part` of `parts` takes: contiguous, sizes differing by one at most.
    static func range(of part: Int, _ parts: Int, count: Int) -> Range<Int> {
        (count * part / parts)..<(count * (part + 1) / parts)
    }
}

/// Each part writes only what is its own (its images' rows, its gradient buffer): safe to share.
private struct SharedForParts: @unchecked Sendable {
    let body: (Int, Int) -> Void
    init(_ body: @escaping (Int, Int) -> Void) { self.body = body }
}
