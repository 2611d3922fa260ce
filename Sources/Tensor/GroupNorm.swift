// Group normalisation over NHWC: each image's channels split into groups, each group normalised over
// its pixels and channels, then scaled and shifted per channel. Unlike batch norm it has no running
// statistics, so training and inference compute the same thing, whatever the batch size.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public final class GroupNorm: Layer {
    public let channels: Int
    public let groups: Int
    public let epsilon: Float = 1e-5
    private var gamma: ParameterView!
    private var beta: ParameterView!
    /// Per image and group: the normalised input and 1/σ, for backward.
    private var cached: (normalized: Tensor, inverseStd: [Float])?

    public init(channels: Int, groups: Int) {
        precondition(groups >= 1 && channels % groups == 0, "\(channels) channels do not split into \(groups) groups")
        self.channels = channels
        self.groups = groups
    }

    public var parameterSpecs: [ParameterSpec] {
        [ParameterSpec("gamma", [channels], decays: false), ParameterSpec("beta", [channels], decays: false)]
    }

    public func bind(_ views: [ParameterView]) {
        gamma = views[0]
        beta = views[1]
    }

    public func initialize(using generator: inout SeededGenerator) {
        gamma.values.update(repeating: 1, count: channels)
        beta.values.update(repeating: 0, count: channels)
    }

    public func outputShape(for inputShape: [Int]) -> [Int] { inputShape }

    // x: (N,H,W,C) → x̂ = (x − μ_g) / σ_g per image and group → y = γ·x̂ + β
    public func forward(_ x: Tensor, training: Bool) -> Tensor {
        precondition(x.shape.count == 4 && x.shape[3] == channels, "GroupNorm expects (N,H,W,\(channels)), got \(x.shape)")
        let (n, pixels, c, per) = (x.batch, x.shape[1] * x.shape[2], channels, channels / groups)
        let count = Float(pixels * per)
        var inverseStd = [Float](repeating: 0, count: n * groups)
        let normalized = Tensor(shape: x.shape) { out in
            x.scalars.withUnsafeBufferPointer { input in
                for image in 0..<n {
                    let base = image * pixels * c
                    for group in 0..<groups {
                        var sum: Float = 0, squares: Float = 0
                        for p in 0..<pixels {
                            for ch in (group * per)..<((group + 1) * per) {
                                let v = input[base + p * c + ch]
                                sum += v
                                squares += v * v
                            }
                        }
                        let mean = sum / count
                        let variance = max(squares / count - mean * mean, 0)
                        let inverse = 1 / (variance + epsilon).squareRoot()
                        inverseStd[image * groups + group] = inverse
                        for p in 0..<pixels {
                            for ch in (group * per)..<((group + 1) * per) {
                                out[base + p * c + ch] = (input[base + p * c + ch] - mean) * inverse
                            }
                        }
                    }
                }
            }
        }
        if training { cached = (normalized, inverseStd) }
        let (g, b) = (gamma.values, beta.values)
        return Tensor(shape: x.shape) { out in
            normalized.scalars.withUnsafeBufferPointer { xhat in
                for i in 0..<xhat.count {
                    let ch = i % c
                    out[i] = g[ch] * xhat[i] + b[ch]
                }
            }
        }
    }

    // dγ += Σ dy·x̂; dβ += Σ dy; per group: dx = (1/σ)·(d − mean(d) − x̂·mean(d·x̂)) with d = dy·γ
    public func backward(_ dy: Tensor) -> Tensor {
        guard let (normalized, inverseStd) = cached else { preconditionFailure("GroupNorm.backward before a training forward") }
        let (n, pixels, c, per) = (dy.batch, dy.shape[1] * dy.shape[2], channels, channels / groups)
        let count = Float(pixels * per)
        let (g, dg, db) = (gamma.values, gamma.gradients, beta.gradients)
        return Tensor(shape: dy.shape) { dx in
            dy.scalars.withUnsafeBufferPointer { gradient in
                normalized.scalars.withUnsafeBufferPointer { xhat in
                    for i in 0..<gradient.count {
                        let ch = i % c
                        dg[ch] += gradient[i] * xhat[i]
                        db[ch] += gradient[i]
                    }
                    for image in 0..<n {
                        let base = image * pixels * c
                        for group in 0..<groups {
                            var meanD: Float = 0, meanDX: Float = 0
                            for p in 0..<pixels {
                                for ch in (group * per)..<((group + 1) * per) {
                                    let i = base + p * c + ch
                                    let d = gradient[i] * g[ch]
                                    meanD += d
                                    meanDX += d * xhat[i]
                                }
                            }
                            meanD /= count
                            meanDX /= count
                            let inverse = inverseStd[image * groups + group]
                            for p in 0..<pixels {
                                for ch in (group * per)..<((group + 1) * per) {
                                    let i = base + p * c + ch
                                    dx[i] = inverse * (gradient[i] * g[ch] - meanD - xhat[i] * meanDX)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
