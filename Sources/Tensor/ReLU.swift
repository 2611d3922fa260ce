// max(0, x), elementwise.

public final class ReLU: Layer {
    private var cachedOutput: Tensor?

    public init() {}

    public func outputShape(for inputShape: [Int]) -> [Int] { inputShape }

    public func forward(_ x: Tensor, training: Bool) -> Tensor {
        let y = Tensor(shape: x.shape) { out in
            x.scalars.withUnsafeBufferPointer { input in
                Elementwise.relu(input.baseAddress!, into: out.baseAddress!, count: input.count)
            }
        }
        if training { cachedOutput = y }
        return y
    }

    // dx = dy where y > 0, else 0
    public func backward(_ dy: Tensor) -> Tensor {
        guard let y = cachedOutput else { preconditionFailure("ReLU.backward before a training forward") }
        return Tensor(shape: dy.shape) { dx in
            dy.scalars.withUnsafeBufferPointer { gradient in
                y.scalars.withUnsafeBufferPointer { output in
                    Elementwise.reluGradient(gradient.baseAddress!, output: output.baseAddress!, into: dx.baseAddress!, count: gradient.count)
                }
            }
        }
    }
}
