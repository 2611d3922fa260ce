// How a classifier did on held-out samples: accuracy, per-class precision/recall/F1, confusion matrix.

public struct Evaluation: Codable, Sendable, Equatable {
    public struct ClassScores: Codable, Sendable, Equatable {
        public let name: String
        public let precision: Double
        public let recall: Double
        public let f1: Double
        /// Held-out samples of this class.
        public let support: Int
    }

    public let accuracy: Double
    public let macroF1: Double
    public let classes: [ClassScores]
    /// confusion[true][predicted]
    public let confusion: [[Int]]

    public init(truth: [Int], predicted: [Int], classNames: [String]) {
        let k = classNames.count
        var confusion = Array(repeating: Array(repeating: 0, count: k), count: k)
        for (t, p) in zip(truth, predicted) { confusion[t][p] += 1 }
        var scores: [ClassScores] = []
        for c in 0..<k {
            let truePositives = Double(confusion[c][c])
            let predictedAs = Double((0..<k).reduce(0) { $0 + confusion[$1][c] })
            let actually = Double(confusion[c].reduce(0, +))
            let precision = predictedAs > 0 ? truePositives / predictedAs : 0
            let recall = actually > 0 ? truePositives / actually : 0
            let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
            scores.append(ClassScores(name: classNames[c], precision: precision, recall: recall, f1: f1, support: Int(actually)))
        }
        accuracy = truth.isEmpty ? 0 : Double((0..<k).reduce(0) { $0 + confusion[$1][$1] }) / Double(truth.count)
        macroF1 = scores.isEmpty ? 0 : scores.map(\.f1).reduce(0, +) / Double(scores.count)
        classes = scores
        self.confusion = confusion
    }
}
