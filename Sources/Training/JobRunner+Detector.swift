// A detector's data and registration: the project's boxes (and polygons' bounds) checked and
// letterboxed, and the trained detector registered with its COCO AP on the held-out images.
import Domain
import FileStore
import Foundation
import Store
import Tensor

extension JobRunner {
    /// The project's boxes, checked, letterboxed through the sample cache.
    func loadDetectionData(_ config: TrainingConfig, _ context: JobContext) throws -> (DetectionSet, DetectionDataset) {
        try context.checkpoint(0, "reading boxes", force: true)
        let set = try database.detectionSet(projectID: context.job.projectId, snapshotReference: config.snapshot)
        try Self.checkDetectionSet(set)
        let used = Set(set.images.flatMap { $0.boxes.map(\.labelID) })
        let labels = set.labels.filter { used.contains($0.id) }
        let classIndex = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($0.element.id, $0.offset) })
        let loader = SampleLoader(files: files, side: config.inputSize)
        let total = Double(set.images.count)
        var samples: [(imageID: Int64, pixels: [UInt8], boxes: [DetectionBox])] = []
        for (n, image) in set.images.enumerated() {
            try context.checkpoint(Self.loadingShare * Double(n) / total, "preparing image \(n + 1) of \(set.images.count)")
            samples.append(try loader.letterboxed(image, classIndex: classIndex))
        }
        return (set, DetectionDataset(side: config.inputSize, classNames: labels.map(\.name), samples: samples,
                                      validationFraction: config.validationFraction))
    }

    /// Registers a detector with its COCO AP on the held-out images; `note` (a search's) ends the
    /// version's description.
    func registerDetector(_ trained: TrainedDetector, data: DetectionDataset, set: DetectionSet, config: TrainingConfig,
                          context: JobContext, note: String = "") throws -> (TrainedVersion, String) {
        let job = context.job
        let file = ModelFile(network: trained.network, labels: data.classNames, normalization: trained.normalization)
        let stored = try context.persist { try files.store(file.encoded(), in: "models", extension: "loupe") }
        let sizes = Dictionary(set.images.map { ($0.imageID, (width: $0.width, height: $0.height)) }, uniquingKeysWith: { a, _ in a })
        let profile = try ReferenceProfile.detector(file, validation: data.validation, sizes: sizes)
        let metrics: [String: Double] = [
            "ap": trained.ap, "ap50": trained.ap50, "ap75": trained.ap75, "validation_loss": trained.validationLoss,
            "train_samples": Double(data.train.count), "validation_samples": Double(data.validation.count),
            "boxes": Double(set.boxCount), "best_epoch": Double(trained.bestEpoch), "epochs_run": Double(trained.epochsRun),
            "parameter_count": Double(trained.network.parameterCount),
        ]
        let perClass = Dictionary(uniqueKeysWithValues: zip(data.classNames, trained.perClassAP50).compactMap { name, ap in ap.map { (name, $0) } })
        let project = (try? database.project(id: job.projectId))??.name ?? "project \(job.projectId)"
        let version = TrainedVersion(
            modelName: config.modelName ?? project, artifactPath: stored.relativePath, artifactSHA256: stored.sha256,
            artifactSize: stored.size, metrics: try Self.json(metrics), parameters: try Self.json(config),
            evaluation: try Self.json(["ap50_per_class": perClass]), labels: try Self.json(data.classNames), snapshotId: set.snapshotID,
            description: "detector on \(set.images.count) images (\(set.boxCount) boxes) of \(data.classNames.count) classes" + note,
            modelType: "object-detector", profile: try Self.json(profile))
        var summary = String(format: "validation AP50 %.1f%%, AP %.1f%% after %d epochs", trained.ap50 * 100, trained.ap * 100, trained.epochsRun)
        if ValidationEvidence.isTooSmall(validationSamples: data.validation.count) {
            summary += " (on only \(data.validation.count) validation image\(data.validation.count == 1 ? "" : "s"): too few to trust)"
        }
        return (version, summary)
    }

    /// What makes a detector job fail at once, each problem named.
    static func checkDetectionSet(_ set: DetectionSet) throws {
        guard set.boxCount > 0 else {
            throw TrainingError.unusableDataset("There is nothing to detect: no image has a box or polygon. Draw boxes on some images first.")
        }
        guard set.images.count >= 2 else {
            throw TrainingError.unusableDataset("A detector needs at least 2 images (one to learn from, one to check on); this project has 1.")
        }
        let used = Set(set.images.flatMap { $0.boxes.map(\.labelID) })
        let unused = set.labels.filter { !used.contains($0.id) }.map(\.name)
        if !unused.isEmpty {
            throw TrainingError.unusableDataset("Label\(unused.count == 1 ? "" : "s") \(unused.map { "'\($0)'" }.joined(separator: ", ")) "
                + "\(unused.count == 1 ? "has" : "have") no boxes: draw some, or merge the label into another.")
        }
        let tiny = set.images.filter { $0.boxes.contains { $0.width < 2 || $0.height < 2 } }.map(\.imageID)
        if !tiny.isEmpty {
            throw TrainingError.unusableDataset("Boxes smaller than 2 pixels on image\(tiny.count == 1 ? "" : "s") "
                + "\(tiny.prefix(5).map(String.init).joined(separator: ", "))\(tiny.count > 5 ? " and \(tiny.count - 5) more" : ""): too small to learn; fix or delete them.")
        }
    }
}
