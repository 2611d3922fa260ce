// Optimisers update a network's flat parameter buffer from its gradient buffer in one pass.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public protocol Optimizer: AnyObject {
    var learningRate: Float { get set }
    /// Applies the accumulated gradients; the caller zeroes them afterwards.
    func step(_ parameters: ParameterBuffer)
}

/// SGD with (heavy-ball) momentum and L2 weight decay on weights.
public final class SGD: Optimizer {
    public var learningRate: Float
    public let momentum: Float
    public let weightDecay: Float
    private var velocity: [Float] = []

    public init(learningRate: Float, momentum: Float = 0.9, weightDecay: Float = 0) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
    }

    // v ← μ·v + (g + λ·w);  w ← w − η·v
    public func step(_ parameters: ParameterBuffer) {
        if velocity.count != parameters.count { velocity = [Float](repeating: 0, count: parameters.count) }
        let (lr, mu) = (learningRate, momentum)
        velocity.withUnsafeMutableBufferPointer { v in
            for view in parameters.views {
                let decay = view.decays ? weightDecay : 0
                let (w, g, base) = (view.values, view.gradients, view.offset)
                for i in 0..<view.count {
                    let updated = mu * v[base + i] + g[i] + decay * w[i]
                    v[base + i] = updated
                    w[i] -= lr * updated
                }
            }
        }
    }
}

/// Adam with decoupled weight decay (AdamW) on weights.
public final class Adam: Optimizer {
    public var learningRate: Float
    public let beta1: Float
    public let beta2: Float
    public let epsilon: Float
    public let weightDecay: Float
    private var firstMoment: [Float] = []
    private var secondMoment: [Float] = []
    private var steps = 0

    public init(learningRate: Float, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8, weightDecay: Float = 0) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    // m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  w ← w − η(m̂/(√v̂+ε) + λw)
    public func step(_ parameters: ParameterBuffer) {
        if firstMoment.count != parameters.count {
            firstMoment = [Float](repeating: 0, count: parameters.count)
            secondMoment = firstMoment
            steps = 0
        }
        steps += 1
        let (b1, b2, lr, eps) = (beta1, beta2, learningRate, epsilon)
        let correction1 = 1 - powf(b1, Float(steps)), correction2 = 1 - powf(b2, Float(steps))
        firstMoment.withUnsafeMutableBufferPointer { m in
            secondMoment.withUnsafeMutableBufferPointer { v in
                for view in parameters.views {
                    let decay = view.decays ? weightDecay : 0
                    let (w, g, base) = (view.values, view.gradients, view.offset)
                    for i in 0..<view.count {
                        let j = base + i
                        m[j] = b1 * m[j] + (1 - b1) * g[i]
                        v[j] = b2 * v[j] + (1 - b2) * g[i] * g[i]
                        let mHat = m[j] / correction1, vHat = v[j] / correction2
                        w[i] -= lr * (mHat / (vHat.squareRoot() + eps) + decay * w[i])
                    }
                }
            }
        }
    }
}
