// A scoring job: the chosen model version predicts every open image of the project (through the
// sample cache), each gets an uncertainty score, and the ranked list becomes the labelling queue.
// A detector version ranks by its doubt about the objects it sees (ScoringRun+Detector).
import Domain
import FileStore
import Foundation
import Store
import Tensor

struct ScoringRun {
    let database: any JobQueue
    let files: ContentStore
    /// The first this many of the queue are re-picked for diversity when it is on.
    static let diverseBatch = 20

    /// Returns the job's closing message.
    func run(_ config: ScoringConfig, _ context: JobContext) throws -> String {
        let job = context.job
        try context.checkpoint(0, "choosing the model version", force: true)
        let settings = try database.activeLearningSettings(projectID: job.projectId)
        let strategy = config.strategy ?? settings.strategy
        let diversity = config.diversity ?? settings.diversity
        guard let version = try database.scoringVersion(projectID: job.projectId, chosen: config.modelVersion ?? settings.modelVersionID) else {
            throw TrainingError.unusableDataset("There is no model version to score with yet: train one on this project first.")
        }
        guard version.framework == "loupe-tensor", let path = version.artifactPath else {
            throw TrainingError.unusableDataset("\(version.modelName) v\(version.version) is a \(version.framework) model; Loupe can only run its own.")
        }
        if version.modelType == "object-detector" {
            return try rankByDetection(version: version, path: path, strategy: strategy, diversity: diversity, context)
        }
        let classifier = try files.loadModel(of: version, path: path, Classifier.init)
        let candidates = try database.scoringCandidates(projectID: job.projectId)
        let loader = SampleLoader(files: files, side: classifier.inputShape[0])
        var probabilities: [[Float]] = [], embeddings: [[Float]] = []
        for start in stride(from: 0, to: candidates.count, by: 64) {
            let chunk = candidates[start..<min(start + 64, candidates.count)]
            try context.checkpoint(0.95 * Double(start) / Double(max(candidates.count, 1)),
                                   "scoring images \(start + 1)–\(start + chunk.count) of \(candidates.count)")
            let predictions = classifier.predict(try chunk.map { try loader.pixels(for: $0) })
            probabilities += predictions.map(\.probabilities)
            embeddings += predictions.map(\.embedding)
        }
        let order: [Int]
        if strategy == .random {
            var generator = SeededGenerator(seed: UInt64(bitPattern: job.id))
            order = Array(candidates.indices).shuffled(using: &generator)
        } else {
            order = ActiveLearningRanking.rank(scores: probabilities.map(strategy.score), embeddings: embeddings, labelled: [],
                                               diversity: diversity, batch: Self.diverseBatch)
        }
        let ranked = order.map { i in
            let best = probabilities[i].indices.max { probabilities[i][$0] < probabilities[i][$1] } ?? 0
            return ImageScore(imageID: candidates[i].imageID, score: strategy.score(probabilities[i]),
                              predictedLabel: classifier.labels[best], confidence: Double(probabilities[i][best]))
        }
        try context.checkpoint(0.97, "saving the queue", force: true)
        try context.persist { try database.replaceScores(projectID: job.projectId, modelVersionID: version.id, strategy: strategy, ranked: ranked) }
        return "scored \(ranked.count) images with \(version.modelName) v\(version.version) (\(strategy.rawValue)\(diversity && strategy != .random ? ", diverse" : ""))"
    }
}
