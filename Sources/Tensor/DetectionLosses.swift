// The losses a CenterNet-style detector trains with: a penalty-reduced sigmoid focal loss on the
// per-class centre heatmap, and an L1 loss on box size and offset at the centres only.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A loss value and its gradient with respect to the network's output.
public struct LossResult {
    public let loss: Float
    /// ∂loss/∂output, shaped like the output.
    public let gradient: Tensor

    public init(loss: Float, gradient: Tensor) {
        self.loss = loss
        self.gradient = gradient
    }
}

public enum FocalLoss {
    /// logits z and targets Y: (N,H,W,K); Y is 1 at an object's centre and a Gaussian bump around it.
    /// p = σ(z); at a centre −(1−p)^α·log p, elsewhere −(1−Y)^β·p^α·log(1−p); summed and divided by the
    /// number of centres (at least 1), as CenterNet does.
    public static func evaluate(logits: Tensor, targets: Tensor, alpha: Float = 2, beta: Float = 4) -> LossResult {
        precondition(logits.shape == targets.shape, "logits \(logits.shape) and targets \(targets.shape) differ")
        let centres = targets.scalars.reduce(0) { $0 + ($1 == 1 ? 1 : 0) }
        let scale = 1 / Float(max(centres, 1))
        var loss: Double = 0
        let gradient = Tensor(shape: logits.shape) { d in
            logits.scalars.withUnsafeBufferPointer { z in
                targets.scalars.withUnsafeBufferPointer { y in
                    for i in 0..<z.count {
                        // log p = −softplus(−z), log(1−p) = −softplus(z): no overflow for large |z|.
                        let p = 1 / (1 + expf(-z[i]))
                        let logP = -softplus(-z[i]), logQ = -softplus(z[i])
                        if y[i] == 1 {
                            let q = 1 - p
                            loss -= Double(powf(q, alpha) * logP)
                            // d/dz of −(1−p)^α·log p = α(1−p)^α·p·log p − (1−p)^(α+1)
                            d[i] = scale * (alpha * powf(q, alpha) * p * logP - powf(q, alpha + 1))
                        } else {
                            let w = powf(1 - y[i], beta)
                            loss -= Double(w * powf(p, alpha) * logQ)
                            // d/dz of −w·p^α·log(1−p) = w·(p^(α+1) − α·p^α·(1−p)·log(1−p))
                            d[i] = scale * w * (powf(p, alpha + 1) - alpha * powf(p, alpha) * (1 - p) * logQ)
                        }
                    }
                }
            }
        }
        return LossResult(loss: Float(loss) * scale, gradient: gradient)
    }

    /// log(1 + eᵗ), computed without overflow.
    static func softplus(_ t: Float) -> Float {
        t > 0 ? t + log1pf(expf(-t)) : log1pf(expf(t))
    }
}

public enum MaskedL1Loss {
    /// Σ mask·|prediction − target| over `normalizer` (the number of objects, at least 1): box sizes and
    /// offsets are learnt only where an object's centre is.
    public static func evaluate(predictions: Tensor, targets: Tensor, mask: Tensor, normalizer: Int) -> LossResult {
        precondition(predictions.shape == targets.shape && targets.shape == mask.shape, "shapes differ")
        let scale = 1 / Float(max(normalizer, 1))
        var loss: Float = 0
        let gradient = Tensor(shape: predictions.shape) { d in
            for i in 0..<predictions.count {
                let m = mask.scalars[i], difference = predictions.scalars[i] - targets.scalars[i]
                loss += m * abs(difference)
                d[i] = m == 0 || difference == 0 ? 0 : scale * m * (difference > 0 ? 1 : -1)
            }
        }
        return LossResult(loss: loss * scale, gradient: gradient)
    }
}
