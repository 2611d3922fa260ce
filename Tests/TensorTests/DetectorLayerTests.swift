// The layers and losses a one-stage detector needs: strided convolution, group normalisation,
// nearest upsampling, the centre-heatmap focal loss and the masked L1 loss, each checked against
// finite differences (and strided convolution against the textbook sum).
import Testing
import Tensor

@Suite struct DetectorLayerTests {
    let check = GradientCheck()

    @Test func stridedConvolutionGradientsMatchFiniteDifferences() {
        // Given 2 images of 7×6 pixels with 2 channels, a 3×3 stride-2 conv to 3 channels
        let x = randomTensor([2, 7, 6, 2], seed: 41)
        #expect(check.mismatches(input: x) { Conv2D(inputChannels: 2, outputChannels: 3, stride: 2) }.isEmpty)
        // And its output is ⌈H/2⌉ × ⌈W/2⌉
        #expect(Conv2D(inputChannels: 2, outputChannels: 3, stride: 2).outputShape(for: [7, 6, 2]) == [4, 3, 3])
    }

    @Test func stridedConvolutionEqualsTheDirectSum() {
        // Given a stride-2, same-padded 3×3 conv over 2 images of 9×8×3
        let layer = Conv2D(inputChannels: 3, outputChannels: 4, stride: 2)
        let buffer = bindAndInitialize(layer)
        let x = randomTensor([2, 9, 8, 3], seed: 42)
        let y = layer.forward(x, training: false)
        // Then each output is the sum over the kernel at stride-2 positions, zero outside the image
        let (w, b) = (buffer.views[0].values, buffer.views[1].values)
        let (oh, ow) = (5, 4)
        #expect(y.shape == [2, oh, ow, 4])
        var worst: Float = 0
        for n in 0..<2 {
            for oy in 0..<oh {
                for ox in 0..<ow {
                    for o in 0..<4 {
                        var sum = b[o]
                        for ky in 0..<3 {
                            for kx in 0..<3 {
                                let (iy, ix) = (oy * 2 + ky - 1, ox * 2 + kx - 1)
                                guard iy >= 0, iy < 9, ix >= 0, ix < 8 else { continue }
                                for c in 0..<3 {
                                    let pixel: Int = ((n * 9 + iy) * 8 + ix) * 3 + c
                                    let tap: Int = ((ky * 3 + kx) * 3 + c) * 4 + o
                                    sum += x.scalars[pixel] * w[tap]
                                }
                            }
                        }
                        let out: Int = ((n * oh + oy) * ow + ox) * 4 + o
                        worst = max(worst, abs(y.scalars[out] - sum))
                    }
                }
            }
        }
        #expect(worst < 1e-4)
    }

    @Test func groupNormGradientsMatchFiniteDifferences() {
        // Given 2 images of 3×2 pixels with 4 channels in 2 groups
        let x = randomTensor([2, 3, 2, 4], seed: 43)
        #expect(check.mismatches(input: x) { GroupNorm(channels: 4, groups: 2) }.isEmpty)
    }

    @Test func groupNormLeavesEachGroupWithZeroMeanAndUnitVariance() {
        // Given inputs far from zero mean and unit variance, and γ = 1, β = 0
        let layer = GroupNorm(channels: 4, groups: 2)
        let buffer = ParameterBuffer(specs: layer.parameterSpecs)
        layer.bind(buffer.views)
        var generator = SeededGenerator(seed: 1)
        layer.initialize(using: &generator)
        var x = randomTensor([1, 4, 4, 4], seed: 44)
        x.scalars = x.scalars.enumerated().map { $0.element * 5 + Float($0.offset % 4) * 10 }
        let y = layer.forward(x, training: false)
        // Then every group (channels 0–1, 2–3) has mean ≈ 0 and variance ≈ 1
        for group in 0..<2 {
            let values = y.scalars.enumerated().filter { ($0.offset % 4) / 2 == group }.map(\.element)
            let mean = values.reduce(0, +) / Float(values.count)
            let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Float(values.count)
            #expect(abs(mean) < 1e-4 && abs(variance - 1) < 1e-3)
        }
    }

    @Test func upsamplingCopiesEachPixelIntoItsBlockAndSumsGradientsBack() {
        // Given a 2×2 map with 1 channel
        let layer = Upsample2D(factor: 2)
        let x = Tensor(shape: [1, 2, 2, 1], scalars: [1, 2, 3, 4])
        // Then each pixel fills a 2×2 block
        #expect(layer.forward(x, training: true).scalars == [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4])
        // And gradients agree with finite differences
        #expect(check.mismatches(input: randomTensor([2, 3, 2, 3], seed: 45)) { Upsample2D(factor: 2) }.isEmpty)
    }

    /// Central differences of a loss function of its input, scalar by scalar.
    private func numericGradient(_ input: Tensor, _ loss: (Tensor) -> Float, epsilon: Float = 1e-3) -> [Float] {
        input.scalars.indices.map { i in
            var plus = input, minus = input
            plus.scalars[i] += epsilon
            minus.scalars[i] -= epsilon
            return (loss(plus) - loss(minus)) / (2 * epsilon)
        }
    }

    @Test func focalLossGradientMatchesFiniteDifferencesAtCentresAndAroundThem() {
        // Given a 4×4 heatmap of 2 classes with two centres and Gaussian bumps around them
        let logits = randomTensor([1, 4, 4, 2], seed: 46)
        var targets = Tensor(zeros: [1, 4, 4, 2])
        targets.scalars[(1 * 4 + 1) * 2 + 0] = 1
        targets.scalars[(1 * 4 + 2) * 2 + 0] = 0.6
        targets.scalars[(3 * 4 + 0) * 2 + 1] = 1
        targets.scalars[(2 * 4 + 0) * 2 + 1] = 0.3
        let result = FocalLoss.evaluate(logits: logits, targets: targets)
        let numeric = numericGradient(logits) { FocalLoss.evaluate(logits: $0, targets: targets).loss }
        // Then every entry's gradient agrees
        let worst = zip(result.gradient.scalars, numeric).map { abs($0 - $1) }.max() ?? 0
        #expect(worst < 2e-3, "largest difference \(worst)")
        #expect(result.loss > 0)
    }

    @Test func focalLossStaysFiniteForConfidentLogits() {
        // Given logits of ±60 (σ rounds to 0 or 1 in Float) at a centre and elsewhere
        let logits = Tensor(shape: [1, 1, 2, 1], scalars: [-60, 60])
        let targets = Tensor(shape: [1, 1, 2, 1], scalars: [1, 0])
        let result = FocalLoss.evaluate(logits: logits, targets: targets)
        // Then the loss is large but finite, and so are the gradients
        #expect(result.loss.isFinite && result.loss > 50)
        #expect(result.gradient.scalars.allSatisfy { $0.isFinite })
    }

    @Test func maskedL1LearnsOnlyAtCentres() {
        // Given predictions, targets and a mask with two object centres (2 values each)
        let predictions = Tensor(shape: [1, 2, 2, 2], scalars: [1, 2, 3, 4, 5, 6, 7, 8])
        let targets = Tensor(shape: [1, 2, 2, 2], scalars: [0, 2, 9, 9, 6, 9, 9, 9])
        let mask = Tensor(shape: [1, 2, 2, 2], scalars: [1, 1, 0, 0, 1, 1, 0, 0])
        let result = MaskedL1Loss.evaluate(predictions: predictions, targets: targets, mask: mask, normalizer: 2)
        // Then only masked entries count: (|1−0| + |2−2| + |5−6| + |6−9|) / 2
        #expect(result.loss == 2.5)
        #expect(result.gradient.scalars == [0.5, 0, 0, 0, -0.5, -0.5, 0, 0])
    }
}
