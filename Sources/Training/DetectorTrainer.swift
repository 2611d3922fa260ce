// A detector's training loop: seeded shuffles, flips and scale jitter that move boxes with pixels,
// the CenterNet loss, a validation pass per epoch (loss, and COCO AP of the decoded boxes), early
// stopping on validation loss with the best epoch's weights kept, and a checkpoint between batches.
import Dispatch
import Tensor

public struct TrainedDetector {
    public let network: Network
    public let normalization: Normalization
    public let bestEpoch: Int
    public let epochsRun: Int
    public let validationLoss: Double
    /// On the validation images at the best epoch: AP@[.5:.95], AP50, AP75 and AP50 per class (nil: no boxes of it).
    public let ap: Double
    public let ap50: Double
    public let ap75: Double
    public let perClassAP50: [Double?]
}

public struct DetectorTrainer {
    public let plan: TrainingPlan

    public init(plan: TrainingPlan) { self.plan = plan }

    public func train(_ data: DetectionDataset, report: (EpochReport) throws -> Void,
                      checkpoint: (Double) throws -> Void) throws -> TrainedDetector {
        let classes = data.classNames.count
        let normalization = Normalization.fitted(to: data.train.pixels, channels: 3)
        let network = Network(architecture: plan.networkArchitecture(classes: classes), seed: plan.seed)
        let optimizer = plan.makeOptimizer()
        let shape = [data.side, data.side, 3]
        let augmentation = DetectionAugmentation()
        var generator = SeededGenerator(seed: plan.seed ^ 0xDE7E)
        var order = Array(0..<data.train.count)
        var best = (loss: Double.infinity, epoch: 0, weights: network.parameters.valueArray)
        var epochsRun = 0
        for epoch in 1...plan.epochs {
            order.shuffle(using: &generator)
            var lossSum = 0.0
            let started = DispatchTime.now().uptimeNanoseconds
            for start in stride(from: 0, to: order.count, by: plan.batchSize) {
                try checkpoint((Double(epoch - 1) + Double(start) / Double(order.count)) / Double(plan.epochs))
                let batch = order[start..<min(start + plan.batchSize, order.count)].map { i in
                    plan.augment ? augmentation.apply(pixels: data.train.pixels[i], boxes: data.train.boxes[i], side: data.side, using: &generator)
                        : (data.train.pixels[i], data.train.boxes[i])
                }
                let targets = batch.map { CenterNetTargets(boxes: $0.1, side: data.side, stride: plan.outputStride, classes: classes) }
                let loss = network.trainStep(normalization.batch(batch.map(\.0), shape: shape), optimizer: optimizer) { output in
                    CenterNetLoss.evaluate(output, targets: targets, classes: classes)
                }
                lossSum += Double(loss) * Double(batch.count)
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            let validation = evaluate(network, data.validation, normalization: normalization, side: data.side, classes: classes)
            epochsRun = epoch
            try report(EpochReport(epoch: epoch, trainLoss: lossSum / Double(max(order.count, 1)), trainAccuracy: 0,
                                   validationLoss: validation.loss, validationAccuracy: Double(validation.ap.ap50),
                                   learningRate: ClassifierTrainer.decimal(optimizer.learningRate),
                                   samplesPerSecond: Double(order.count) / max(seconds, 1e-9)))
            if validation.loss < best.loss {
                best = (validation.loss, epoch, network.parameters.valueArray)
            } else if epoch - best.epoch >= plan.patience {
                break
            }
        }
        network.parameters.load(best.weights)
        let final = evaluate(network, data.validation, normalization: normalization, side: data.side, classes: classes)
        return TrainedDetector(network: network, normalization: normalization, bestEpoch: best.epoch, epochsRun: epochsRun,
                               validationLoss: final.loss, ap: Double(final.ap.ap), ap50: Double(final.ap.ap50),
                               ap75: Double(final.ap.ap75), perClassAP50: final.ap.perClassAP50.map { $0.map(Double.init) })
    }

    /// Loss and COCO AP of the decoded boxes over a part, in batches. Low-scoring boxes are kept (0.05)
    /// so that AP sees the whole precision-recall curve.
    func evaluate(_ network: Network, _ part: DetectionDataset.Part, normalization: Normalization, side: Int, classes: Int)
        -> (loss: Double, ap: DetectionEvaluation.Summary) {
        let cells = side / plan.outputStride, size = cells * cells * (classes + 4)
        let decoder = DetectionDecoder(classes: classes, stride: plan.outputStride, scoreThreshold: 0.05, topK: plan.topK)
        var lossSum = 0.0, predictions: [[DetectionBox]] = []
        for start in stride(from: 0, to: part.count, by: 32) {
            let range = start..<min(start + 32, part.count)
            let output = network.forward(normalization.batch(Array(part.pixels[range]), shape: [side, side, 3]), training: false)
            let targets = part.boxes[range].map { CenterNetTargets(boxes: $0, side: side, stride: plan.outputStride, classes: classes) }
            lossSum += Double(CenterNetLoss.evaluate(output, targets: targets, classes: classes).loss) * Double(range.count)
            for row in 0..<range.count { predictions.append(decoder.decode(output.scalars[(row * size)..<((row + 1) * size)], cells: cells)) }
        }
        return (lossSum / Double(max(part.count, 1)), DetectionEvaluation.summary(predictions: predictions, truths: part.boxes, classes: classes))
    }
}
