// The training loop: seeded shuffles, flip augmentation, a validation pass per epoch, early stopping
// on validation loss (the best epoch's weights are kept), and a checkpoint call between batches.
import Dispatch
import Tensor

public struct EpochReport: Sendable {
    public let epoch: Int
    public let trainLoss: Double
    public let trainAccuracy: Double
    public let validationLoss: Double
    public let validationAccuracy: Double
    public let learningRate: Double
    public let samplesPerSecond: Double
}

public struct TrainedClassifier {
    public let network: Network
    public let normalization: Normalization
    public let bestEpoch: Int
    public let epochsRun: Int
    public let validationLoss: Double
    public let validationAccuracy: Double
}

public struct ClassifierTrainer {
    public let plan: TrainingPlan

    public init(plan: TrainingPlan) { self.plan = plan }

    /// `checkpoint(fraction)` runs between batches with the share of the run done; it throws to stop.
    public func train(_ data: Dataset, report: (EpochReport) throws -> Void,
                      checkpoint: (Double) throws -> Void) throws -> TrainedClassifier {
        let normalization = Normalization.fitted(to: data.train.pixels, channels: 3)
        let network = Network(architecture: plan.networkArchitecture(classes: data.classNames.count), seed: plan.seed)
        let optimizer = plan.makeOptimizer()
        let shape = [data.side, data.side, 3]
        var generator = SeededGenerator(seed: plan.seed ^ 0x5EED)
        var order = Array(0..<data.train.count)
        var best = (loss: Double.infinity, accuracy: 0.0, epoch: 0, weights: network.parameters.valueArray)
        var epochsRun = 0
        for epoch in 1...plan.epochs {
            order.shuffle(using: &generator)
            var lossSum = 0.0, correct = 0
            let started = DispatchTime.now().uptimeNanoseconds
            for start in stride(from: 0, to: order.count, by: plan.batchSize) {
                try checkpoint((Double(epoch - 1) + Double(start) / Double(order.count)) / Double(plan.epochs))
                let indices = order[start..<min(start + plan.batchSize, order.count)]
                let samples = indices.map { i in
                    plan.augment && generator.nextUnit() < 0.5 ? Self.mirrored(data.train.pixels[i], side: data.side) : data.train.pixels[i]
                }
                let (loss, right) = network.trainStep(normalization.batch(samples, shape: shape),
                                                      labels: indices.map { data.train.classes[$0] }, optimizer: optimizer)
                lossSum += Double(loss) * Double(indices.count)
                correct += right
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            let validation = Self.score(network, data.validation, normalization: normalization, shape: shape)
            epochsRun = epoch
            try report(EpochReport(epoch: epoch, trainLoss: lossSum / Double(order.count),
                                   trainAccuracy: Double(correct) / Double(order.count),
                                   validationLoss: validation.loss, validationAccuracy: validation.accuracy,
                                   learningRate: Self.decimal(optimizer.learningRate),
                                   samplesPerSecond: Double(order.count) / max(seconds, 1e-9)))
            if validation.loss < best.loss {
                best = (validation.loss, validation.accuracy, epoch, network.parameters.valueArray)
            } else if epoch - best.epoch >= plan.patience {
                break
            }
        }
        network.parameters.load(best.weights)
        return TrainedClassifier(network: network, normalization: normalization, bestEpoch: best.epoch, epochsRun: epochsRun,
                                 validationLoss: best.loss, validationAccuracy: best.accuracy)
    }

    /// Mean loss, accuracy and predicted classes over a part of the dataset, in batches.
    static func score(_ network: Network, _ part: Dataset.Part, normalization: Normalization, shape: [Int])
        -> (loss: Double, accuracy: Double, predicted: [Int]) {
        var lossSum = 0.0, correct = 0
        var predicted: [Int] = []
        for start in stride(from: 0, to: part.count, by: 128) {
            let range = start..<min(start + 128, part.count)
            let logits = network.forward(normalization.batch(Array(part.pixels[range]), shape: shape), training: false)
            let labels = Array(part.classes[range])
            let result = SoftmaxCrossEntropy.evaluate(logits: logits, labels: labels)
            lossSum += Double(result.loss) * Double(range.count)
            correct += result.correct
            let k = logits.itemSize
            for row in 0..<range.count {
                let scores = logits.scalars[(row * k)..<(row * k + k)]
                predicted.append(scores.indices.max { scores[$0] < scores[$1] }! - row * k)
            }
        }
        let n = Double(max(part.count, 1))
        return (lossSum / n, Double(correct) / n, predicted)
    }

    /// A Float setting as the decimal it was typed as (0.001, not 0.0010000000474974513).
    static func decimal(_ value: Float) -> Double { Double("\(value)") ?? Double(value) }

    /// The sample flipped left to right.
    static func mirrored(_ pixels: [UInt8], side: Int) -> [UInt8] {
        var out = pixels
        for y in 0..<side {
            for x in 0..<side {
                let from = (y * side + x) * 3, to = (y * side + side - 1 - x) * 3
                out[to] = pixels[from]; out[to + 1] = pixels[from + 1]; out[to + 2] = pixels[from + 2]
            }
        }
        return out
    }
}
