// Inverted dropout: in training, zero a fraction `rate` and scale the rest by 1/(1−rate); identity at inference.

public final class Dropout: Layer {
    public let rate: Float
    private var generator: SeededGenerator
    private var cachedMask: [Float] = []

    public init(rate: Float, seed: UInt64) {
        self.rate = rate
        self.generator = SeededGenerator(seed: seed)
    }

    public func outputShape(for inputShape: [Int]) -> [Int] { inputShape }

    public func forward(_ x: Tensor, training: Bool) -> Tensor {
        guard training, rate > 0 else { return x }
        let keep = 1 - rate
        let scale = 1 / keep
        cachedMask = (0..<x.count).map { _ in generator.nextUnit() < keep ? scale : 0 }
        return Tensor(shape: x.shape) { out in
            for i in 0..<out.count { out[i] = x.scalars[i] * cachedMask[i] }
        }
    }

    public func backward(_ dy: Tensor) -> Tensor {
        guard rate > 0 else { return dy }
        return Tensor(shape: dy.shape) { dx in
            for i in 0..<dx.count { dx[i] = dy.scalars[i] * cachedMask[i] }
        }
    }
}
