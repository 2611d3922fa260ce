// The BLAS-backed layers compute what the textbook loops compute.
import Testing
import Tensor

@Suite struct NaiveReferenceTests {
    @Test func denseForwardEqualsTripleLoop() {
        // Given a Dense layer with seeded weights
        let layer = Dense(inputs: 7, outputs: 5)
        let buffer = bindAndInitialize(layer)
        let x = randomTensor([4, 7], seed: 21)
        // When it runs forward
        let y = layer.forward(x, training: false)
        // Then each output is Σ x·w + b
        let (w, b) = (buffer.views[0].values, buffer.views[1].values)
        for n in 0..<4 {
            for k in 0..<5 {
                var sum = b[k]
                for d in 0..<7 { sum += x.scalars[n * 7 + d] * w[d * 5 + k] }
                #expect(abs(y.scalars[n * 5 + k] - sum) < 1e-4)
            }
        }
    }

    @Test func conv2DForwardEqualsDirectConvolution() {
        // Given a same-padded 3×3 conv over 2 images of 6×5×3
        expectConvolutionMatchesDirectSum(images: 2, height: 6, width: 5, channels: 3, outputChannels: 4)
    }

    @Test func bothConvolutionPathsEqualTheDirectSum() {
        // Three input channels run the direct kernels: 20 outputs are two whole groups of eight and a
        // rest, 7 columns a block of four pixels and a rest. Six channels run im2col + sgemm.
        #expect(Conv2D.directChannelLimit >= 3 && Conv2D.directChannelLimit < 6)
        expectConvolutionMatchesDirectSum(images: 2, height: 5, width: 7, channels: 3, outputChannels: 20)
        expectConvolutionMatchesDirectSum(images: 2, height: 5, width: 7, channels: 6, outputChannels: 20)
    }

    @Test func conv2DSplitIntoChunksEqualsDirectConvolution() {
        // Given images big enough that each sgemm chunk holds one image (48×48 = 2,304 patch rows)
        expectConvolutionMatchesDirectSum(images: 3, height: 48, width: 48, channels: 2, outputChannels: 3)
    }

    @Test func conv2DGradientsDoNotDependOnChunking() {
        // Given the same weights, a batch of 3 large images, and each image alone (with two or more
        // cores the batch is split over them: direct kernels for 2 channels, im2col + sgemm for 5)
        expectGradientsDoNotDependOnChunking(channels: 2)
        expectGradientsDoNotDependOnChunking(channels: 5)
    }

    private func expectGradientsDoNotDependOnChunking(channels: Int) {
        let x = randomTensor([3, 48, 48, channels], seed: 24)
        let dy = randomTensor([3, 48, 48, 3], seed: 25)
        let together = Conv2D(inputChannels: channels, outputChannels: 3)
        let buffer = bindAndInitialize(together)
        _ = together.forward(x, training: true)
        let dx = together.backward(dy)
        let batchGradients = Array(buffer.gradients)
        // When each image goes through on its own and gradients accumulate
        buffer.zeroGradients()
        var dxParts: [Float] = []
        for n in 0..<3 {
            _ = together.forward(x.rows(n..<n + 1), training: true)
            dxParts += together.backward(dy.rows(n..<n + 1)).scalars
        }
        // Then dx and dW, db agree
        #expect(zip(dx.scalars, dxParts).allSatisfy { abs($0 - $1) < 1e-4 })
        #expect(zip(batchGradients, buffer.gradients).allSatisfy { abs($0 - $1) < 1e-2 * max(1, abs($0)) })
    }

    private func expectConvolutionMatchesDirectSum(images: Int, height h: Int, width w: Int, channels c: Int, outputChannels oc: Int) {
        let layer = Conv2D(inputChannels: c, outputChannels: oc)
        let buffer = bindAndInitialize(layer)
        let x = randomTensor([images, h, w, c], seed: 22)
        // When im2col + sgemm runs
        let y = layer.forward(x, training: false)
        #expect(y.shape == [images, h, w, oc])
        // Then it equals the direct sum over the zero-padded neighbourhood
        let (weight, bias) = (buffer.views[0].values, buffer.views[1].values)
        var worst: Float = 0
        for n in 0..<images {
            for oy in 0..<h {
                for ox in 0..<w {
                    for o in 0..<oc {
                        var sum = bias[o]
                        for ky in 0..<3 {
                            for kx in 0..<3 {
                                let (iy, ix) = (oy + ky - 1, ox + kx - 1)
                                guard iy >= 0, iy < h, ix >= 0, ix < w else { continue }
                                for ch in 0..<c {
                                    sum += x.scalars[((n * h + iy) * w + ix) * c + ch] * weight[((ky * 3 + kx) * c + ch) * oc + o]
                                }
                            }
                        }
                        worst = max(worst, abs(y.scalars[((n * h + oy) * w + ox) * oc + o] - sum))
                    }
                }
            }
        }
        #expect(worst < 1e-4)
    }

    @Test func maxPoolTakesTheLargestOfEachWindow() {
        // Given one 2×4 single-channel image
        let x = Tensor(shape: [1, 2, 4, 1], scalars: [1, 5, 2, 0,
                                                      3, 4, -1, 7])
        // Then 2×2 pooling keeps 5 and 7
        #expect(MaxPool2D(size: 2).forward(x, training: false).scalars == [5, 7])
    }

    @Test func poolingWithReLUEqualsReLUThenPooling() {
        // Given 2 images of 7×6 pixels with 11 channels (eight at a time and three alone, a ragged
        // edge), mostly negative so that many windows hold nothing above zero
        var x = randomTensor([2, 7, 6, 11], seed: 41)
        x.scalars = x.scalars.map { $0 - 0.8 }
        let dy = randomTensor([2, 3, 3, 11], seed: 42)
        // When pooled with the ReLU folded in, and through a ReLU layer and a plain pool
        let fused = MaxPool2D(size: 2, appliesReLU: true)
        let (relu, pool) = (ReLU(), MaxPool2D(size: 2))
        let y = fused.forward(x, training: true)
        let reference = pool.forward(relu.forward(x, training: true), training: true)
        // Then the outputs and the input gradients are the same
        #expect(y == reference)
        #expect(fused.backward(dy) == relu.backward(pool.backward(dy)))
        #expect(y.scalars.contains(0) && y.scalars.contains { $0 > 0 })
    }
}
