// How pixels become network inputs: bytes / 255, then per-channel (x − mean) / std.

public struct Normalization: Codable, Sendable, Equatable {
    public var mean: [Float]
    public var std: [Float]

    public init(mean: [Float], std: [Float]) {
        self.mean = mean
        self.std = std
    }

    /// Identity on [0, 1] pixels.
    public static func unit(channels: Int) -> Normalization {
        Normalization(mean: Array(repeating: 0, count: channels), std: Array(repeating: 1, count: channels))
    }

    /// Mean and standard deviation per channel over interleaved samples (HWC bytes).
    public static func fitted(to samples: [[UInt8]], channels: Int) -> Normalization {
        var sum = [Double](repeating: 0, count: channels), squares = sum
        var n = 0
        for sample in samples {
            for (i, byte) in sample.enumerated() {
                let v = Double(byte) / 255
                sum[i % channels] += v
                squares[i % channels] += v * v
            }
            n += sample.count / channels
        }
        guard n > 0 else { return .unit(channels: channels) }
        let mean = sum.map { $0 / Double(n) }
        let std = zip(squares, mean).map { max(($0 / Double(n) - $1 * $1).squareRoot(), 1e-3) }
        return Normalization(mean: mean.map(Float.init), std: std.map(Float.init))
    }

    /// A batch (N,H,W,C) from HWC byte samples of one shape.
    public func batch(_ samples: [[UInt8]], shape: [Int]) -> Tensor {
        let size = shape.reduce(1, *), channels = mean.count
        // x · 1/(255·std) − mean/std, with the per-channel factors worked out once per batch.
        let scale = std.map { 1 / ($0 * 255) }, shift = zip(mean, std).map { $0 / $1 }
        return Tensor(shape: [samples.count] + shape) { out in
            for (n, sample) in samples.enumerated() {
                precondition(sample.count == size, "sample has \(sample.count) bytes, expected \(size)")
                let base = out.baseAddress! + n * size
                sample.withUnsafeBufferPointer { bytes in
                    var i = 0
                    while i < size {
                        for c in 0..<channels { base[i + c] = Float(bytes[i + c]) * scale[c] - shift[c] }
                        i += channels
                    }
                }
            }
        }
    }
}
