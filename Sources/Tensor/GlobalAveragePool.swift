// The mean over height and width: (N,H,W,C) → (N,C).

public final class GlobalAveragePool: Layer {
    private var cachedInputShape: [Int] = []

    public init() {}

    public func outputShape(for inputShape: [Int]) -> [Int] { [inputShape[2]] }

    public func forward(_ x: Tensor, training: Bool) -> Tensor {
        let (n, positions, c) = (x.shape[0], x.shape[1] * x.shape[2], x.shape[3])
        if training { cachedInputShape = x.shape }
        var y = Tensor(zeros: [n, c])
        let scale = 1 / Float(positions)
        y.scalars.withUnsafeMutableBufferPointer { out in
            x.scalars.withUnsafeBufferPointer { input in
                for image in 0..<n {
                    for p in 0..<positions {
                        let row = input.baseAddress! + (image * positions + p) * c
                        for channel in 0..<c { out[image * c + channel] += row[channel] * scale }
                    }
                }
            }
        }
        return y
    }

    // dx[n,h,w,c] = dy[n,c] / (H·W)
    public func backward(_ dy: Tensor) -> Tensor {
        let (n, positions, c) = (cachedInputShape[0], cachedInputShape[1] * cachedInputShape[2], cachedInputShape[3])
        let scale = 1 / Float(positions)
        return Tensor(shape: cachedInputShape) { dx in
            dy.scalars.withUnsafeBufferPointer { gradient in
                for image in 0..<n {
                    for p in 0..<positions {
                        for channel in 0..<c { dx[(image * positions + p) * c + channel] = gradient[image * c + channel] * scale }
                    }
                }
            }
        }
    }
}
