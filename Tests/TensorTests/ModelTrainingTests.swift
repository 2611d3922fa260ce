// Whole networks: they learn, they reproduce, and they survive a save and load.
import Testing
import Tensor

@Suite struct ModelTrainingTests {
    @Test func mlpReachesNinetySevenPercentOnRealDigits() throws {
        // Given the real digits, split 3:1
        let (train, test) = try Digits.load().split()
        // When an MLP 64-128-10 trains with Adam
        let network = Network(architecture: Architecture(kind: .mlp, inputHeight: 8, inputWidth: 8, inputChannels: 1,
                                                         classes: 10, hiddenWidths: [128]), seed: 1)
        train.train(network, optimizer: Adam(learningRate: 2e-3, weightDecay: 1e-4), epochs: 30)
        // Then it classifies ≥ 97 % of the held-out digits
        let accuracy = test.accuracy(of: network)
        #expect(accuracy >= 0.97, "MLP test accuracy \(accuracy)")
    }

    @Test func cnnReachesNinetySevenPercentOnRealDigits() throws {
        let (train, test) = try Digits.load().split()
        // When a CNN (conv16-pool-conv32-pool-dense) trains with SGD and momentum
        let network = Network(architecture: Architecture(kind: .cnn, inputHeight: 8, inputWidth: 8, inputChannels: 1,
                                                         classes: 10, convChannels: [16, 32]), seed: 1)
        train.train(network, optimizer: SGD(learningRate: 0.05, momentum: 0.9, weightDecay: 1e-4), epochs: 25)
        let accuracy = test.accuracy(of: network)
        #expect(accuracy >= 0.97, "CNN test accuracy \(accuracy)")
    }

    @Test func aTinyModelOverfitsATinySet() {
        // Given 8 random 4×4×3 images with arbitrary labels
        let x = randomTensor([8, 4, 4, 3], seed: 31)
        let labels = [0, 1, 2, 0, 1, 2, 0, 1]
        let network = Network(architecture: Architecture(kind: .cnn, inputHeight: 4, inputWidth: 4, inputChannels: 3,
                                                         classes: 3, hiddenWidths: [16], convChannels: [8]), seed: 2)
        let optimizer = Adam(learningRate: 1e-2)
        // When it trains on them for a while
        var last = (loss: Float.infinity, correct: 0)
        for _ in 0..<300 { last = network.trainStep(x, labels: labels, optimizer: optimizer) }
        // Then it memorises them
        #expect(last.correct == 8)
        #expect(last.loss < 0.05)
    }

    @Test func theSameSeedGivesTheSameRun() {
        let x = randomTensor([6, 4, 4, 1], seed: 32)
        let labels = [0, 1, 0, 1, 0, 1]
        func run() -> [Float] {
            let architecture = Architecture(kind: .mlp, inputHeight: 4, inputWidth: 4, inputChannels: 1, classes: 2,
                                            hiddenWidths: [8], dropout: 0.2)
            let network = Network(architecture: architecture, seed: 9)
            let optimizer = SGD(learningRate: 0.1)
            for _ in 0..<5 { network.trainStep(x, labels: labels, optimizer: optimizer) }
            return network.parameters.valueArray
        }
        #expect(run() == run())
    }

    @Test func saveThenLoadGivesIdenticalOutputs() throws {
        // Given a trained-ish network and its file
        let architecture = Architecture(kind: .cnn, inputHeight: 6, inputWidth: 6, inputChannels: 3, classes: 4,
                                        hiddenWidths: [5], convChannels: [4, 6], dropout: 0.1)
        let network = Network(architecture: architecture, seed: 4)
        let x = randomTensor([3, 6, 6, 3], seed: 33)
        network.trainStep(x, labels: [0, 1, 3], optimizer: Adam(learningRate: 1e-2))
        let file = ModelFile(network: network, labels: ["cat", "dog", "émeu", "fox"],
                             normalization: Normalization(mean: [0.5, 0.4, 0.3], std: [0.2, 0.2, 0.25]))
        // When it is encoded and decoded
        let loaded = try ModelFile(decoding: file.encoded())
        // Then the header and weights round-trip and predictions are bit-identical
        #expect(loaded == file)
        let reloaded = try loaded.makeNetwork()
        #expect(reloaded.predict(x).probabilities == network.predict(x).probabilities)
        #expect(reloaded.predict(x).embeddings == network.predict(x).embeddings)
    }

    @Test func damagedModelFilesAreRefusedWithTheReason() throws {
        let network = Network(architecture: Architecture(kind: .linear, inputHeight: 2, inputWidth: 2, inputChannels: 1,
                                                         classes: 2), seed: 1)
        let bytes = ModelFile(network: network, labels: ["a", "b"], normalization: .unit(channels: 1)).encoded()
        // A flipped weight bit fails the checksum
        var flipped = bytes
        flipped[bytes.count - 8] ^= 0x10
        #expect(throws: TensorError.checksumMismatch) { try ModelFile(decoding: flipped) }
        // A cut file is truncated
        #expect(throws: TensorError.truncated) { try ModelFile(decoding: Array(bytes.prefix(bytes.count - 3))) }
        // Other bytes are not a model file
        #expect(throws: TensorError.notAModelFile) { try ModelFile(decoding: Array("PK\u{3}\u{4}hello".utf8)) }
        // A future format version is named
        var future = bytes
        future[8] = 9
        #expect(throws: TensorError.unsupportedFormatVersion(9)) { try ModelFile(decoding: future) }
    }

    @Test func classifierPredictsFromBytesInBatches() throws {
        // Given a model over 2×2 grey images and 70 samples (more than one batch)
        let network = Network(architecture: Architecture(kind: .mlp, inputHeight: 2, inputWidth: 2, inputChannels: 1,
                                                         classes: 3, hiddenWidths: [6]), seed: 3)
        let classifier = try Classifier(ModelFile(network: network, labels: ["x", "y", "z"], normalization: .unit(channels: 1)))
        let samples: [[UInt8]] = (0..<70).map { i in [UInt8(i), UInt8(255 - i), 0, UInt8(i * 3 % 256)] }
        // When it predicts 32 at a time
        let predictions = classifier.predict(samples, batchSize: 32)
        // Then there is one prediction per sample, probabilities sum to 1, embeddings are the hidden width
        #expect(predictions.count == 70)
        for prediction in predictions {
            #expect(abs(prediction.probabilities.reduce(0, +) - 1) < 1e-5)
            #expect(prediction.embedding.count == 6)
        }
        // And batching does not change the answer
        #expect(classifier.predict(samples, batchSize: 7).map(\.probabilities) == predictions.map(\.probabilities))
    }
}
