// (N, …) → (N, D); NHWC is already contiguous, so this only renames the shape.

public final class Flatten: Layer {
    private var cachedInputShape: [Int] = []

    public init() {}

    public func outputShape(for inputShape: [Int]) -> [Int] { [inputShape.reduce(1, *)] }

    public func forward(_ x: Tensor, training: Bool) -> Tensor {
        if training { cachedInputShape = x.shape }
        return x.reshaped([x.batch, x.itemSize])
    }

    public func backward(_ dy: Tensor) -> Tensor { dy.reshaped(cachedInputShape) }
}
