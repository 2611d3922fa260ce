// Ranking for a detector: each open image scores the detector's doubt about what it sees (the mean of
// min(p, 1 − p) over its best peaks), and the head of the queue is spread out over the head's
// pooled features, as a classifier's is over its embeddings.
import Domain
import FileStore
import Foundation
import Store
import Tensor

extension ScoringRun {
    /// Peaks from this score up count toward an image's doubt (the job's boxes start at 0.3).
    static let peakFloor: Float = 0.05
    /// How many of an image's best peaks its doubt is the mean of.
    static let peaksPerImage = 10

    func rankByDetection(version: ModelVersion, path: String, strategy: AcquisitionStrategy, diversity: Bool,
                         _ context: JobContext) throws -> String {
        let job = context.job
        let detector = try files.loadModel(of: version, path: path, Detector.init)
        let candidates = try database.predictionCandidates(projectID: job.projectId, status: nil)
        let loader = SampleLoader(files: files, side: detector.side)
        var seen: [(boxes: [DetectionBox], embedding: [Float])] = []
        for start in stride(from: 0, to: candidates.count, by: 16) {
            let chunk = candidates[start..<min(start + 16, candidates.count)]
            try context.checkpoint(0.95 * Double(start) / Double(max(candidates.count, 1)),
                                   "looking for objects in images \(start + 1)–\(start + chunk.count) of \(candidates.count)")
            seen += detector.inspect(try chunk.map { try loader.letterboxed($0, classIndex: [:]).pixels },
                                     scoreThreshold: Self.peakFloor, topK: Self.peaksPerImage)
        }
        let doubts = seen.map { Uncertainty.detection($0.boxes.map(\.score), topK: Self.peaksPerImage) }
        let order: [Int]
        if strategy == .random {
            var generator = SeededGenerator(seed: UInt64(bitPattern: job.id))
            order = Array(candidates.indices).shuffled(using: &generator)
        } else {
            order = ActiveLearningRanking.rank(scores: doubts, embeddings: seen.map(\.embedding), labelled: [],
                                               diversity: diversity, batch: Self.diverseBatch)
        }
        // The queue shows each image's most likely object (none: "no object", with the doubt's complement).
        let ranked = order.map { i in
            let best = seen[i].boxes.first
            return ImageScore(imageID: candidates[i].imageID, score: strategy == .random ? 0 : doubts[i],
                              predictedLabel: best.map { detector.labels[$0.classIndex] } ?? "no object",
                              confidence: Double(best?.score ?? 0))
        }
        try context.checkpoint(0.97, "saving the queue", force: true)
        try context.persist { try database.replaceScores(projectID: job.projectId, modelVersionID: version.id, strategy: strategy, ranked: ranked) }
        return "ranked \(ranked.count) images by detection doubt with \(version.modelName) v\(version.version)"
            + "\(diversity && strategy != .random ? ", diverse" : "")"
    }
}
