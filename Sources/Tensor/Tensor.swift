// A contiguous Float32 tensor with a shape; the first axis is the batch.

public struct Tensor: Sendable, Equatable {
    public private(set) var shape: [Int]
    public var scalars: [Float]

    public init(shape: [Int], scalars: [Float]) {
        precondition(shape.reduce(1, *) == scalars.count, "shape \(shape) does not hold \(scalars.count) scalars")
        self.shape = shape
        self.scalars = scalars
    }

    public init(zeros shape: [Int]) {
        self.init(shape: shape, scalars: [Float](repeating: 0, count: shape.reduce(1, *)))
    }

    /// A tensor whose every scalar `fill` writes; skips zeroing memory that is overwritten anyway.
    public init(shape: [Int], filling fill: (UnsafeMutableBufferPointer<Float>) -> Void) {
        let count = shape.reduce(1, *)
        self.shape = shape
        self.scalars = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            fill(buffer)
            initialized = count
        }
    }

    public var count: Int { scalars.count }
    /// Size of the first axis.
    public var batch: Int { shape[0] }
    /// Scalars per batch item.
    public var itemSize: Int { shape.dropFirst().reduce(1, *) }

    public func reshaped(_ newShape: [Int]) -> Tensor {
        Tensor(shape: newShape, scalars: scalars)
    }

    /// Rows `range` of the first axis, copied.
    public func rows(_ range: Range<Int>) -> Tensor {
        let size = itemSize
        return Tensor(shape: [range.count] + shape.dropFirst(),
                      scalars: Array(scalars[(range.lowerBound * size)..<(range.upperBound * size)]))
    }
}
