// Every layer's backward agrees with finite differences of its forward.
import Testing
import Tensor

@Suite struct LayerGradientTests {
    let check = GradientCheck()

    @Test func denseGradientsMatchFiniteDifferences() {
        // Given a batch of 3 items of 5 features
        let x = randomTensor([3, 5], seed: 11)
        // Then dx, dW and db agree with central differences
        #expect(check.mismatches(input: x) { Dense(inputs: 5, outputs: 4) }.isEmpty)
    }

    @Test func conv2DGradientsMatchFiniteDifferences() {
        // Given 2 images of 5×4 pixels with 3 channels, a 3×3 same-padded conv to 2 channels
        let x = randomTensor([2, 5, 4, 3], seed: 12)
        #expect(check.mismatches(input: x) { Conv2D(inputChannels: 3, outputChannels: 2) }.isEmpty)
        // And an unpadded one
        #expect(check.mismatches(input: x) { Conv2D(inputChannels: 3, outputChannels: 2, kernel: 3, padding: 0) }.isEmpty)
    }

    @Test func directKernelGradientsMatchFiniteDifferences() {
        // Three input channels (the direct kernels) and 10 outputs: a whole group of eight and a rest;
        // 6 columns: a block of four pixels and a rest; at stride 1 and 2
        let x = randomTensor([2, 5, 6, 3], seed: 31)
        #expect(check.mismatches(input: x) { Conv2D(inputChannels: 3, outputChannels: 10) }.isEmpty)
        #expect(check.mismatches(input: x) { Conv2D(inputChannels: 3, outputChannels: 10, stride: 2) }.isEmpty)
    }

    @Test func reluGradientsMatchFiniteDifferences() {
        // Given inputs kept away from the kink at 0, where the derivative is undefined
        var x = randomTensor([4, 6], seed: 13)
        x.scalars = x.scalars.map { abs($0) < 0.05 ? $0 + 0.1 : $0 }
        #expect(check.mismatches(input: x) { ReLU() }.isEmpty)
    }

    @Test func maxPoolGradientsMatchFiniteDifferences() {
        // Given 2 images of 4×5 (the odd column is dropped) with 2 channels
        let x = randomTensor([2, 4, 5, 2], seed: 14)
        #expect(check.mismatches(input: x) { MaxPool2D(size: 2) }.isEmpty)
        // And 10 channels (eight at a time, two alone), with the ReLU folded in, away from its kink
        var wide = randomTensor([2, 4, 5, 10], seed: 15)
        wide.scalars = wide.scalars.map { abs($0) < 0.05 ? $0 + 0.1 : $0 }
        #expect(check.mismatches(input: wide) { MaxPool2D(size: 2) }.isEmpty)
        #expect(check.mismatches(input: wide) { MaxPool2D(size: 2, appliesReLU: true) }.isEmpty)
    }

    @Test func globalAveragePoolGradientsMatchFiniteDifferences() {
        let x = randomTensor([2, 3, 3, 4], seed: 15)
        #expect(check.mismatches(input: x) { GlobalAveragePool() }.isEmpty)
    }

    @Test func flattenGradientsMatchFiniteDifferences() {
        let x = randomTensor([2, 2, 3, 2], seed: 16)
        #expect(check.mismatches(input: x) { Flatten() }.isEmpty)
    }

    @Test func dropoutGradientsMatchFiniteDifferencesForAFixedMask() {
        // Given a dropout rebuilt with the same seed for every evaluation, so the mask is fixed
        let x = randomTensor([4, 8], seed: 17)
        #expect(check.mismatches(input: x) { Dropout(rate: 0.4, seed: 99) }.isEmpty)
        // And it really drops: some outputs are zero, the rest are scaled by 1/(1−rate)
        let y = Dropout(rate: 0.4, seed: 99).forward(x, training: true)
        let dropped = y.scalars.filter { $0 == 0 }.count
        #expect(dropped > 4 && dropped < 28)
        for (out, input) in zip(y.scalars, x.scalars) where out != 0 { #expect(abs(out - input / 0.6) < 1e-5) }
        // And at inference it is the identity
        #expect(Dropout(rate: 0.4, seed: 99).forward(x, training: false) == x)
    }

    @Test func softmaxCrossEntropyGradientMatchesFiniteDifferences() {
        // Given logits for 3 items over 4 classes
        let logits = randomTensor([3, 4], seed: 18)
        let labels = [2, 0, 3]
        let analytic = SoftmaxCrossEntropy.evaluate(logits: logits, labels: labels).gradient
        // When each logit is nudged
        for i in 0..<logits.count {
            var plus = logits, minus = logits
            plus.scalars[i] += 1e-2
            minus.scalars[i] -= 1e-2
            let numeric = (SoftmaxCrossEntropy.evaluate(logits: plus, labels: labels).loss
                - SoftmaxCrossEntropy.evaluate(logits: minus, labels: labels).loss) / 2e-2
            // Then the fused gradient (p − onehot)/N matches
            #expect(abs(numeric - analytic.scalars[i]) < 2e-3, "logit \(i)")
        }
    }

    @Test func softmaxRowsSumToOneEvenForHugeLogits() {
        let p = SoftmaxCrossEntropy.softmax(Tensor(shape: [2, 3], scalars: [1000, 1001, 999, -5, 0, 5]))
        for row in 0..<2 {
            #expect(abs(p.scalars[(row * 3)..<(row * 3 + 3)].reduce(0, +) - 1) < 1e-5)
        }
        #expect(p.scalars.allSatisfy { $0.isFinite })
    }
}
