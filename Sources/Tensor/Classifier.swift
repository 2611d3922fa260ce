// A loaded model ready for inference: byte samples in, class probabilities and embeddings out.

public final class Classifier {
    public let file: ModelFile
    public let network: Network
    public var labels: [String] { file.header.labels }
    public var inputShape: [Int] { file.header.architecture.inputShape }

    public init(_ file: ModelFile) throws(TensorError) {
        guard file.header.architecture.kind != .detector else { throw .wrongModelKind(expected: "classifier", found: "detector") }
        self.file = file
        network = try file.makeNetwork()
    }

    public struct Prediction: Sendable {
        public let probabilities: [Float]
        public let embedding: [Float]
        /// Index of the most probable class.
        public var best: Int { probabilities.indices.max { probabilities[$0] < probabilities[$1] } ?? 0 }
    }

    /// Predictions for HWC byte samples of the model's input size, computed `batchSize` at a time.
    public func predict(_ samples: [[UInt8]], batchSize: Int = 64) -> [Prediction] {
        var predictions: [Prediction] = []
        predictions.reserveCapacity(samples.count)
        for start in stride(from: 0, to: samples.count, by: batchSize) {
            let chunk = Array(samples[start..<min(start + batchSize, samples.count)])
            let (probabilities, embeddings) = network.predict(file.header.normalization.batch(chunk, shape: inputShape))
            for row in 0..<chunk.count {
                predictions.append(Prediction(probabilities: Array(probabilities.rows(row..<row + 1).scalars),
                                              embedding: Array(embeddings.rows(row..<row + 1).scalars)))
            }
        }
        return predictions
    }
}
