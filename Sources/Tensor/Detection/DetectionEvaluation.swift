// Average precision as COCO computes it (pycocotools' COCOeval, iouType "bbox", area "all"): per
// class, each image keeps its best `maxDetections` of the class; detections ranked by score across
// images, each matched to the best-overlapping unmatched true box at or above the IoU threshold;
// precision made non-increasing and read at the 101 recall points 0, 0.01, … 1 (the first rank whose
// recall reaches each point, in double precision as numpy does); the mean over classes that have true
// boxes. AP@[.5:.95] averages thresholds 0.50, 0.55, … 0.95 (`summary`).

public enum DetectionEvaluation {
    public struct Result: Sendable, Equatable {
        /// Mean over classes with at least one true box.
        public let meanAP: Float
        /// nil for a class without true boxes.
        public let perClass: [Float?]
    }

    /// COCO's recall thresholds as numpy's linspace(0, 1, 101) makes them (i · 0.01, not i / 100).
    static let recallThresholds = (0...100).map { Double($0) * 0.01 }

    /// `predictions[i]` and `truths[i]` are image i's boxes, in the same pixels.
    public static func averagePrecision(predictions: [[DetectionBox]], truths: [[DetectionBox]], classes: Int,
                                        iou threshold: Float, maxDetections: Int = 100) -> Result {
        precondition(predictions.count == truths.count, "\(predictions.count) predicted images for \(truths.count) true ones")
        var perClass: [Float?] = []
        for k in 0..<classes {
            let truthCount = truths.reduce(0) { $0 + $1.filter { $0.classIndex == k }.count }
            guard truthCount > 0 else { perClass.append(nil); continue }
            var ranked: [(score: Float, image: Int, box: DetectionBox)] = []
            for (image, boxes) in predictions.enumerated() {
                let kept = boxes.filter { $0.classIndex == k }.sorted { $0.score > $1.score }.prefix(maxDetections)
                ranked += kept.map { ($0.score, image, $0) }
            }
            ranked.sort { $0.score > $1.score }
            var matched = truths.map { [Bool](repeating: false, count: $0.count) }
            var truePositives = 0, precisions: [Double] = [], recalls: [Double] = []
            for (rank, entry) in ranked.enumerated() {
                var best: (index: Int, iou: Float)?
                for (index, truth) in truths[entry.image].enumerated() where truth.classIndex == k && !matched[entry.image][index] {
                    let overlap = truth.iou(entry.box)
                    if overlap >= threshold, overlap > (best?.iou ?? -1) { best = (index, overlap) }
                }
                if let best {
                    matched[entry.image][best.index] = true
                    truePositives += 1
                }
                precisions.append(Double(truePositives) / Double(rank + 1))
                recalls.append(Double(truePositives) / Double(truthCount))
            }
            // Precision envelope, then read at each recall threshold.
            for i in stride(from: precisions.count - 2, through: 0, by: -1) { precisions[i] = max(precisions[i], precisions[i + 1]) }
            var sum = 0.0
            for recall in recallThresholds {
                if let index = recalls.firstIndex(where: { $0 >= recall }) { sum += precisions[index] }
            }
            perClass.append(Float(sum / Double(recallThresholds.count)))
        }
        let present = perClass.compactMap { $0 }
        return Result(meanAP: present.isEmpty ? 0 : present.reduce(0, +) / Float(present.count), perClass: perClass)
    }

    /// COCO's summary figures, from one pass over the thresholds 0.50, 0.55, … 0.95.
    public struct Summary: Sendable, Equatable {
        /// AP@[.5:.95]: the mean of the ten thresholds' mean AP.
        public let ap: Float
        public let ap50: Float
        public let ap75: Float
        /// AP50 per class (nil: no true boxes of it).
        public let perClassAP50: [Float?]
    }

    public static func summary(predictions: [[DetectionBox]], truths: [[DetectionBox]], classes: Int) -> Summary {
        let results = (0..<10).map {
            averagePrecision(predictions: predictions, truths: truths, classes: classes, iou: 0.5 + Float($0) * 0.05)
        }
        return Summary(ap: results.map(\.meanAP).reduce(0, +) / Float(results.count), ap50: results[0].meanAP,
                       ap75: results[5].meanAP, perClassAP50: results[0].perClass)
    }
}
