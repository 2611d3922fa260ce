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
        let layer = Conv2D(inputChannels: 3, outputChannels: 4)
        let buffer = bindAndInitialize(layer)
        let (h, w, c, oc) = (6, 5, 3, 4)
        let x = randomTensor([2, h, w, c], seed: 22)
        // When im2col + sgemm runs
        let y = layer.forward(x, training: false)
        #expect(y.shape == [2, h, w, oc])
        // Then it equals the direct sum over the zero-padded neighbourhood
        let (weight, bias) = (buffer.views[0].values, buffer.views[1].values)
        for n in 0..<2 {
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
                        #expect(abs(y.scalars[((n * h + oy) * w + ox) * oc + o] - sum) < 1e-4)
                    }
                }
            }
        }
    }

    @Test func maxPoolTakesTheLargestOfEachWindow() {
        // Given one 2×4 single-channel image
        let x = Tensor(shape: [1, 2, 4, 1], scalars: [1, 5, 2, 0,
                                                      3, 4, -1, 7])
        // Then 2×2 pooling keeps 5 and 7
        #expect(MaxPool2D(size: 2).forward(x, training: false).scalars == [5, 7])
    }

    private func bindAndInitialize(_ layer: Layer) -> ParameterBuffer {
        let buffer = ParameterBuffer(specs: layer.parameterSpecs)
        layer.bind(buffer.views)
        var generator = SeededGenerator(seed: 5)
        layer.initialize(using: &generator)
        for i in 0..<buffer.count { buffer.values[i] += 0.1 * generator.nextNormal() }
        return buffer
    }
}
