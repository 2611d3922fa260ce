// A batch job: one version runs over the project's images, a snapshot's, or an uploaded archive's, and
// its answers are written as a CSV file and a COCO results file, recorded with the job's success.
import Archive
import Domain
import FileStore
import Foundation
import Imaging
import Monitoring
import Store
import Tensor

struct BatchPredictionRun {
    let database: any JobQueue
    let files: ContentStore

    /// One image to answer for: `id` is the Loupe image id (the archive's position for an archive).
    struct Input {
        let id: Int64
        let name: String
        let bytes: () throws -> [UInt8]
    }

    /// One answer: a class, or a box; an image a detector found nothing in has none.
    struct Answer {
        let label: String
        let score: Double
        let bbox: [Double]?
    }

    /// Writes the results and finishes the job; the closing message, or nil when the lease was lost.
    func run(_ config: BatchConfig, _ context: JobContext) throws -> String? {
        let job = context.job
        try context.checkpoint(0, "loading the model", force: true)
        let version = try resolveVersion(config)
        guard version.framework == "loupe-tensor", let path = version.artifactPath else {
            throw TrainingError.unusableDataset("\(version.modelName) v\(version.version) is a \(version.framework) model with no Loupe file to run.")
        }
        let model = try files.loadModel(of: version, path: path) { file -> Model in
            file.header.architecture.kind == .detector ? .detector(try Detector(file)) : .classifier(try Classifier(file))
        }
        let inputs = try self.inputs(config, projectID: job.projectId)
        guard !inputs.isEmpty else { throw TrainingError.unusableDataset("There are no images to predict over.") }
        let categories = Dictionary(try database.labels(projectID: job.projectId).map { ($0.name.lowercased(), $0.id) }, uniquingKeysWith: { a, _ in a })
        var csv = CSVText(header: ["image_id", "file_name", "model", "version", "label", "score", "x", "y", "width", "height", "error"])
        var coco: [String] = []
        var (failed, uncategorised) = (0, 0)
        let started = ContinuousClock.now
        for start in stride(from: 0, to: inputs.count, by: 16) {
            let chunk = Array(inputs[start..<min(start + 16, inputs.count)])
            try context.checkpoint(Double(start) / Double(inputs.count), "predicting images \(start + 1)–\(start + chunk.count) of \(inputs.count)")
            for (input, outcome) in zip(chunk, model.answer(chunk, threshold: Float(config.scoreThreshold))) {
                let prefix = [String(input.id), input.name, version.modelName, String(version.version)]
                switch outcome {
                case .failure(let error):
                    failed += 1
                    csv.append(prefix + ["", "", "", "", "", "", "\(error)"])
                case .success(let answers) where answers.isEmpty:
                    csv.append(prefix + Array(repeating: "", count: 7))
                case .success(let answers):
                    for answer in answers {
                        let box = answer.bbox.map { $0.map { String(($0 * 100).rounded() / 100) } } ?? ["", "", "", ""]
                        csv.append(prefix + [answer.label, String(answer.score)] + box + [""])
                        guard let category = categories[answer.label.lowercased()] else { uncategorised += 1; continue }
                        let bbox = answer.bbox.map { ",\"bbox\":[" + $0.map { String(($0 * 100).rounded() / 100) }.joined(separator: ",") + "]" } ?? ""
                        coco.append("{\"image_id\":\(input.id),\"category_id\":\(category)\(bbox),\"score\":\(answer.score)}")
                    }
                }
            }
        }
        let seconds = max((ContinuousClock.now - started).seconds, 1e-9)
        try context.checkpoint(1, "writing the results", force: true)
        let csvFile = try context.persist { try files.store(Array(csv.text.utf8), in: "results", extension: "csv") }
        let cocoFile = try context.persist { try files.store(Array(("[" + coco.joined(separator: ",\n") + "]\n").utf8), in: "results", extension: "json") }
        var message = "\(inputs.count) image\(inputs.count == 1 ? "" : "s") predicted by \(version.modelName) v\(version.version) "
            + "in \(String(format: "%.1f", seconds)) s (\(Int((Double(inputs.count) / seconds).rounded())) images/s)"
        if failed > 0 { message += "; \(failed) could not be read (see the error column)" }
        if uncategorised > 0 { message += "; \(uncategorised) answer\(uncategorised == 1 ? "" : "s") left out of the COCO file: no label of that name in this project" }
        let finished = try context.persist {
            try database.finishBatchJob(lease: context.lease, results: [
                JobResult(format: "csv", path: csvFile.relativePath, size: csvFile.size, sha256: csvFile.sha256),
                JobResult(format: "coco", path: cocoFile.relativePath, size: cocoFile.size, sha256: cocoFile.sha256),
            ], message: message)
        }
        return finished ? message : nil
    }

    private func resolveVersion(_ config: BatchConfig) throws -> ModelVersion {
        if let id = config.modelVersion {
            guard let version = try database.modelVersion(id: id) else { throw TrainingError.unusableDataset("Model version #\(id) does not exist.") }
            return version
        }
        let named = config.model ?? ""
        let at = named.lastIndex(of: "@")
        let name = at.map { String(named[..<$0]) } ?? named
        let target = try database.servingTarget(modelName: name, alias: at.map { String(named[named.index(after: $0)...]) })
        guard let target else { throw TrainingError.unusableDataset("There is no model named '\(name)'.") }
        guard let served = target.stable, let version = try database.modelVersion(id: served.id) else {
            throw TrainingError.unusableDataset(target.alias.map { "\(name) has no alias '\($0)'." } ?? "\(name) has no version in Production.")
        }
        return version
    }

    private func inputs(_ config: BatchConfig, projectID: Int64) throws -> [Input] {
        func fromStore(_ images: [BatchImage]) -> [Input] {
            images.map { image in Input(id: image.imageID, name: image.fileName) { try files.read(image.originalPath) } }
        }
        switch config.source {
        case .project: return fromStore(try database.batchImages(projectID: projectID, status: config.status))
        case .snapshot: return fromStore(try database.snapshotBatchImages(projectID: projectID, snapshotID: config.snapshot ?? 0))
        case .archive:
            let zip = try ZipReader(try files.read(config.archive ?? ""))
            let images = zip.entries.filter { ["jpg", "jpeg", "png"].contains(($0.name.split(separator: ".").last ?? "").lowercased()) }
            return images.enumerated().map { index, entry in Input(id: Int64(index + 1), name: entry.name) { try zip.data(of: entry) } }
        }
    }

    /// The loaded network, classifier or detector.
    enum Model {
        case classifier(Classifier)
        case detector(Detector)

        /// Each input's answers (a classifier's first class; a detector's boxes in image pixels), or
        /// why the image could not be read. Readable images are run together.
        func answer(_ inputs: [Input], threshold: Float) -> [Result<[Answer], any Error>] {
            var outcomes: [Result<[Answer], any Error>] = []
            var samples: [[UInt8]] = [], letterboxes: [Letterbox] = [], slots: [Int] = []
            for input in inputs {
                do {
                    let bytes = try input.bytes()
                    switch self {
                    case .classifier(let classifier):
                        samples.append(try Imaging.modelSample(bytes, side: classifier.inputShape[0]))
                    case .detector(let detector):
                        let info = try Imaging.inspect(bytes)
                        let letterbox = Letterbox(imageWidth: info.width, imageHeight: info.height, side: detector.side)
                        samples.append(try SampleLoader.letterboxed(bytes, letterbox))
                        letterboxes.append(letterbox)
                    }
                    slots.append(outcomes.count)
                    outcomes.append(.success([]))
                } catch {
                    outcomes.append(.failure(error))
                }
            }
            guard !samples.isEmpty else { return outcomes }
            switch self {
            case .classifier(let classifier):
                for (slot, prediction) in zip(slots, classifier.predict(samples)) {
                    outcomes[slot] = .success([Answer(label: classifier.labels[prediction.best], score: Double(prediction.probabilities[prediction.best]), bbox: nil)])
                }
            case .detector(let detector):
                for ((slot, letterbox), boxes) in zip(zip(slots, letterboxes), detector.detect(samples, scoreThreshold: threshold)) {
                    outcomes[slot] = .success(boxes.map { found in
                        let box = letterbox.toImage(found)
                        return Answer(label: detector.labels[box.classIndex], score: Double(box.score),
                                      bbox: [box.x, box.y, box.width, box.height].map(Double.init))
                    })
                }
            }
            return outcomes
        }
    }
}

/// RFC 4180 text: fields with a comma, quote or line break are quoted, quotes doubled.
struct CSVText {
    private(set) var text: String

    init(header: [String]) {
        text = ""
        append(header)
    }

    mutating func append(_ fields: [String]) {
        text += fields.map { field in
            field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }.joined(separator: ",") + "\r\n"
    }
}
