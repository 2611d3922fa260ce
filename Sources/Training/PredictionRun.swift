// A predict job: a detector version proposes boxes on the project's open images (or those in a chosen
// status), stored as suggestions beside each image's shapes; nothing a person drew is touched.
import Domain
import FileStore
import Foundation
import Imaging
import Store
import Tensor

struct PredictionRun {
    let database: any JobQueue
    let files: ContentStore

    /// Returns the job's closing message.
    func run(_ config: PredictionConfig, _ context: JobContext) throws -> String {
        let job = context.job
        try context.checkpoint(0, "loading the detector", force: true)
        guard let version = try database.modelVersion(id: config.modelVersion) else {
            throw TrainingError.unusableDataset("Model version #\(config.modelVersion) does not exist.")
        }
        guard version.modelType == "object-detector", version.framework == "loupe-tensor", let path = version.artifactPath else {
            throw TrainingError.unusableDataset("\(version.modelName) v\(version.version) is not a detector Loupe can run (its type is \(version.modelType)): "
                + "a predict job needs a version trained with \"architecture\": \"detector\".")
        }
        let detector = try files.loadModel(of: version, path: path, Detector.init)
        // Proposed labels are the project's labels of the same names; others are dropped and counted.
        let labelIDs = Dictionary(try database.labels(projectID: job.projectId).map { ($0.name.lowercased(), $0.id) }, uniquingKeysWith: { a, _ in a })
        let images = try database.predictionCandidates(projectID: job.projectId, status: config.status)
        let loader = SampleLoader(files: files, side: detector.side)
        var proposed = 0, unmatched = 0
        for start in stride(from: 0, to: images.count, by: 8) {
            let chunk = Array(images[start..<min(start + 8, images.count)])
            try context.checkpoint(Double(start) / Double(max(images.count, 1)),
                                   "proposing boxes on images \(start + 1)–\(start + chunk.count) of \(images.count)")
            let samples = try chunk.map { try loader.letterboxed($0, classIndex: [:]).pixels }
            var boxes: [Int64: [ProposedBox]] = [:]
            for (image, found) in zip(chunk, detector.detect(samples, scoreThreshold: Float(config.scoreThreshold))) {
                let letterbox = Letterbox(imageWidth: image.width, imageHeight: image.height, side: detector.side)
                boxes[image.imageID] = found.compactMap { box in
                    guard let labelID = labelIDs[detector.labels[box.classIndex].lowercased()] else { unmatched += 1; return nil }
                    let b = letterbox.toImage(box)
                    guard b.width >= 1, b.height >= 1 else { return nil }
                    return ProposedBox(labelID: labelID, x: Double(b.x), y: Double(b.y), width: Double(b.width),
                                       height: Double(b.height), score: Double(box.score))
                }
                proposed += boxes[image.imageID]?.count ?? 0
            }
            try context.persist { try database.replaceBoxSuggestions(versionID: version.id, boxes: boxes) }
        }
        var summary = "\(proposed) box\(proposed == 1 ? "" : "es") proposed on \(images.count) image\(images.count == 1 ? "" : "s") by \(version.modelName) v\(version.version)"
        if unmatched > 0 { summary += "; \(unmatched) dropped: their label is not in this project" }
        return summary
    }
}
