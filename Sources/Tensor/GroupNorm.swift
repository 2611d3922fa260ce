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

    // x: (N,H,W,C) → x̂ = (x − μ_g) / σ_g per image and group → y = γ·x̂ + β. Two passes over each
    // image, both along whole pixels (C contiguous floats, which the compiler vectorises): per-channel
    // sums, then y (and x̂ for backward, when training) from per-channel coefficients. Images are split
    // over the threads.
    public func forward(_ x: Tensor, training: Bool) -> Tensor {
        precondition(x.shape.count == 4 && x.shape[3] == channels, "GroupNorm expects (N,H,W,\(channels)), got \(x.shape)")
        let (n, pixels, c) = (x.batch, x.shape[1] * x.shape[2], channels)
        var inverseStd = [Float](repeating: 0, count: n * groups)
        var normalized = Tensor(shape: training ? x.shape : [0]) { _ in }
        let (g, b) = (gamma.values, beta.values)
        let y = Tensor(shape: x.shape) { out in
            x.scalars.withUnsafeBufferPointer { input in
                normalized.scalars.withUnsafeMutableBufferPointer { xhat in
                    inverseStd.withUnsafeMutableBufferPointer { inverseStd in
                        let (input, xhat, out, inverseStd) = (input.baseAddress!, xhat.baseAddress, out.baseAddress!, inverseStd.baseAddress!)
                        BatchParallel.run(parts: BatchParallel.parts(for: n)) { part, parts in
                            var sums = [Float](repeating: 0, count: 2 * c)
                            var scale = [Float](repeating: 0, count: 4 * c)
                            sums.withUnsafeMutableBufferPointer { sums in
                                scale.withUnsafeMutableBufferPointer { scale in
                                    let (sum, squares) = (sums.baseAddress!, sums.baseAddress! + c)
                                    let (normalize, shift, outScale, outShift) =
                                        (scale.baseAddress!, scale.baseAddress! + c, scale.baseAddress! + 2 * c, scale.baseAddress! + 3 * c)
                                    for image in BatchParallel.range(of: part, parts, count: n) {
                                        let base = image * pixels * c
                                        sum.update(repeating: 0, count: 2 * c)
                                        for p in 0..<pixels { Self.addValuesAndSquares(input + base + p * c, into: sum, squares, count: c) }
                                        for (group, stats) in groupStatistics(sum, squares, pixels: pixels).enumerated() {
                                            inverseStd[image * groups + group] = stats.inverseStd
                                            for ch in channelRange(group) {
                                                normalize[ch] = stats.inverseStd
                                                shift[ch] = -stats.mean * stats.inverseStd
                                                outScale[ch] = g[ch] * stats.inverseStd
                                                outShift[ch] = b[ch] - g[ch] * stats.mean * stats.inverseStd
                                            }
                                        }
                                        for p in 0..<pixels {
                                            let at = base + p * c
                                            if training { Self.affine(input + at, normalize, shift, into: xhat! + at, count: c) }
                                            Self.affine(input + at, outScale, outShift, into: out + at, count: c)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        if training { cached = (normalized, inverseStd) }
        return y
    }

    // dγ += Σ dy·x̂; dβ += Σ dy; per group: dx = (1/σ)·(d − mean(d) − x̂·mean(d·x̂)) with d = dy·γ,
    // which is dx = dy·A + x̂·B + C with per-channel A, B, C: again two passes along whole pixels.
    public func backward(_ dy: Tensor) -> Tensor {
        guard let (normalized, inverseStd) = cached else { preconditionFailure("GroupNorm.backward before a training forward") }
        let (n, pixels, c, per) = (dy.batch, dy.shape[1] * dy.shape[2], channels, channels / groups)
        let count = Float(pixels * per)
        let (g, dg, db) = (gamma.values, gamma.gradients, beta.gradients)
        // Σ dy and Σ dy·x̂ per channel over every image, for dβ and dγ.
        var totals = [Float](repeating: 0, count: 2 * c)
        let dx = Tensor(shape: dy.shape) { dx in
            dy.scalars.withUnsafeBufferPointer { gradient in
                normalized.scalars.withUnsafeBufferPointer { xhat in
                    totals.withUnsafeMutableBufferPointer { totals in
                        let (gradient, xhat, dx) = (gradient.baseAddress!, xhat.baseAddress!, dx.baseAddress!)
                        BatchParallel.run(parts: BatchParallel.parts(for: n), summingInto: totals.baseAddress!, count: 2 * c) { part, parts, partTotals in
                            var scratch = [Float](repeating: 0, count: 5 * c)
                            scratch.withUnsafeMutableBufferPointer { scratch in
                                let (sumDY, sumDYX) = (scratch.baseAddress!, scratch.baseAddress! + c)
                                let (a, bCoefficient, constant) = (scratch.baseAddress! + 2 * c, scratch.baseAddress! + 3 * c, scratch.baseAddress! + 4 * c)
                                for image in BatchParallel.range(of: part, parts, count: n) {
                                    let base = image * pixels * c
                                    sumDY.update(repeating: 0, count: 2 * c)
                                    for p in 0..<pixels {
                                        Self.addValuesAndProducts(gradient + base + p * c, xhat + base + p * c, into: sumDY, sumDYX, count: c)
                                    }
                                    Elementwise.add(sumDY, into: partTotals, count: 2 * c)
                                    for group in 0..<groups {
                                        var meanD: Float = 0, meanDX: Float = 0
                                        for ch in channelRange(group) {
                                            meanD += g[ch] * sumDY[ch]
                                            meanDX += g[ch] * sumDYX[ch]
                                        }
                                        let inverse = inverseStd[image * groups + group]
                                        for ch in channelRange(group) {
                                            a[ch] = inverse * g[ch]
                                            bCoefficient[ch] = -inverse * meanDX / count
                                            constant[ch] = -inverse * meanD / count
                                        }
                                    }
                                    for p in 0..<pixels {
                                        let at = base + p * c
                                        Self.combine(gradient + at, a, xhat + at, bCoefficient, constant, into: dx + at, count: c)
                                    }
                                }
                            }
                        }
                        Elementwise.add(totals.baseAddress!, into: db, count: c)
                        Elementwise.add(totals.baseAddress! + c, into: dg, count: c)
                    }
                }
            }
        }
        return dx
    }

    private func channelRange(_ group: Int) -> Range<Int> {
        let per = channels / groups
        return (group * per)..<((group + 1) * per)
    }

    /// Each group's mean and 1/σ from its channels' sums and sums of squares over `pixels` pixels.
    private func groupStatistics(_ sum: UnsafePointer<Float>, _ squares: UnsafePointer<Float>, pixels: Int) -> [(mean: Float, inverseStd: Float)] {
        let count = Float(pixels * (channels / groups))
        return (0..<groups).map { group in
            var total: Float = 0, totalSquares: Float = 0
            for ch in channelRange(group) {
                total += sum[ch]
                totalSquares += squares[ch]
            }
            let mean = total / count
            let variance = max(totalSquares / count - mean * mean, 0)
            return (mean, 1 / (variance + epsilon).squareRoot())
        }
    }

    // Loops along one pixel's channels: independent lanes, so the compiler vectorises them.

    private static func addValuesAndSquares(_ x: UnsafePointer<Float>, into sum: UnsafeMutablePointer<Float>,
                                            _ squares: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count {
            sum[i] += x[i]
            squares[i] += x[i] * x[i]
        }
    }

    private static func addValuesAndProducts(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, into sum: UnsafeMutablePointer<Float>,
                                             _ products: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count {
            sum[i] += x[i]
            products[i] += x[i] * y[i]
        }
    }

    /// out = x·scale + shift
    private static func affine(_ x: UnsafePointer<Float>, _ scale: UnsafePointer<Float>, _ shift: UnsafePointer<Float>,
                               into out: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { out[i] = x[i] * scale[i] + shift[i] }
    }

    /// out = x·a + y·b + constant
    private static func combine(_ x: UnsafePointer<Float>, _ a: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                                _ constant: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { out[i] = x[i] * a[i] + y[i] * b[i] + constant[i] }
    }
}
