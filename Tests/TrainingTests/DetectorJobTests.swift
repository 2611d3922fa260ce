// A detector job end to end in-process: boxes saved in SQLite on real JPEG files, the job trains and
// registers a detector with its AP, and a bad project fails at once with the problem named.
import Domain
import FileStore
import Foundation
import Imaging
import Logging
import Store
import Tensor
import Testing
@testable import Training

@Suite struct DetectorJobTests {
    let database: AppDatabase
    let dataDirectory: URL
    let project: Project
    let who = Attribution(userID: nil, username: "dana", remoteAddress: "x")

    init() throws {
        (database, dataDirectory) = try TestTrainer.store()
        project = try database.createProject(name: "Discs", description: "", by: .commandLine)
    }

    private func service() -> TrainerService { TestTrainer.service(database, dataDirectory) }

    /// Uploads a 96×64 JPEG of `pixels`.
    private func addImage(pixels: [UInt8], name: String) throws -> ImageRecord {
        let jpeg = try Imaging.encodeJPEG(RasterImage(width: 96, height: 64, channels: 3, pixels: pixels), quality: 95)
        let stored = try ContentStore(dataDirectory: dataDirectory).store(jpeg, in: "images", extension: "jpg")
        return try database.addImage(NewImage(
            projectId: project.id, fileName: name, sha256: stored.sha256, format: "jpeg", byteSize: stored.size,
            width: 96, height: 64, orientation: 1, originalPath: stored.relativePath, thumbnailPath: stored.relativePath,
            displayPath: nil), by: .commandLine).image
    }

    /// Uploads generated 96×64 JPEGs (so they are letterboxed) with their boxes saved as shapes.
    private func addImagesWithBoxes(_ count: Int, labels: [Label]) throws {
        for (n, sample) in DetectorTrainerTests.shapes(count: count, seed: 21).enumerated() {
            // The generated 64-px square sits on the left of a wider grey image.
            var pixels = [UInt8](repeating: 115, count: 96 * 64 * 3)
            for y in 0..<64 { pixels.replaceSubrange((y * 96) * 3..<(y * 96 + 64) * 3, with: sample.pixels[(y * 64) * 3..<(y * 64 + 64) * 3]) }
            let image = try addImage(pixels: pixels, name: "\(n).jpg")
            _ = try database.saveAnnotations(imageID: image.id, expectedRevision: 0, shapes: sample.boxes.map {
                .box(labelID: labels[$0.classIndex].id, x: Double($0.x), y: Double($0.y), width: Double($0.width), height: Double($0.height))
            }, by: who)
        }
    }

    @Test func aDetectorJobTrainsAndRegistersItsAP() throws {
        // Given 120 images with discs and crosses boxed, and a detector job
        let labels = try ["disc", "cross"].map { try database.createLabel(projectID: project.id, name: $0, color: "#e5484d", hotkey: nil, by: .commandLine) }
        try addImagesWithBoxes(120, labels: labels)
        let config = try JSONDecoder().decode(TrainingConfig.self, from: Data(#"""
            {"architecture":"detector","input_size":96,"conv_channels":[16,32,32],"width":32,"epochs":25,"patience":25,"batch_size":16,"learning_rate":0.002}
            """#.utf8))
        let job = try database.enqueueJob(projectID: project.id, spec: .train(config), priority: 0, by: who)
        // When the trainer runs it
        service().runNextJob()
        // Then it succeeded, recorded its epochs, and registered a detector with AP metrics and per-class AP
        let done = try #require(try database.job(id: job.id))
        #expect(done.state == .succeeded, "\(done.message)")
        #expect(done.message.contains("AP50"))
        let versionID = try #require(done.modelVersionId)
        let version = try #require(try database.modelVersion(id: versionID))
        let metrics = try JSONSerialization.jsonObject(with: Data(version.metrics.utf8)) as! [String: Double]
        #expect(metrics["ap50"]! >= 0.7, "\(metrics)")
        #expect(metrics["ap"]! <= metrics["ap50"]! && metrics["boxes"]! > 120)
        #expect(version.evaluation.contains("ap50_per_class") && version.evaluation.contains("disc"))
        #expect(version.modelType == "object-detector")
        let file = try ModelFile(decoding: [UInt8](try Data(contentsOf: dataDirectory.appendingPathComponent(version.artifactPath!))))
        #expect(file.header.architecture.kind == .detector && file.header.labels == ["disc", "cross"])
        #expect(try database.jobMetrics(jobID: job.id).count == 25)
        // And a scoring job follows it, ranking the open images by the detector's doubt: two blank
        // photos (nothing to doubt) rank below the middle of the queue
        #expect(try database.jobs(projectID: project.id, limit: 10).map(\.kind) == [.score, .train])
        let blanks = try (0..<2).map { n in try addImage(pixels: [UInt8](repeating: UInt8(110 + 10 * n), count: 96 * 64 * 3), name: "blank\(n).jpg") }
        service().runNextJob()
        let scoring = try #require(try database.jobs(projectID: project.id, limit: 10).first)
        #expect(scoring.state == .succeeded && scoring.message.contains("ranked 122 images by detection doubt"), "\(scoring.message)")
        let queue = try database.rankedImages(projectID: project.id, offset: 0, limit: 200)
        #expect(queue.count == 122 && queue.allSatisfy { (0...1).contains($0.score) })
        #expect(Set(queue.map(\.predictedLabel)).isSubset(of: ["disc", "cross", "no object"]))
        for blank in blanks {
            let rank = try #require(queue.firstIndex { $0.image.id == blank.id })
            #expect(rank >= queue.count / 2, "blank image ranked \(rank) of \(queue.count)")
        }

        // When a predict job runs that version over the project's open images
        let before = try database.annotations(imageID: 1)
        let predict = try database.enqueueJob(projectID: project.id, spec: .predict(PredictionConfig(modelVersion: version.id)),
                                              priority: 0, by: who)
        service().runNextJob()
        let predicted = try #require(try database.job(id: predict.id))
        #expect(predicted.state == .succeeded && predicted.message.contains("proposed on 122 images"), "\(predicted.message)")
        // Then most images get a suggestion that overlaps a box that was drawn, and no shape changed
        var matched = 0
        for image in try database.predictionCandidates(projectID: project.id, status: nil) {
            let drawn = try database.annotations(imageID: image.imageID).shapes.compactMap { shape -> DetectionBox? in
                guard case .box(_, let x, let y, let w, let h, _) = shape else { return nil }
                return DetectionBox(classIndex: 0, x: Float(x), y: Float(y), width: Float(w), height: Float(h))
            }
            let suggested = try database.boxSuggestions(imageID: image.imageID).map {
                DetectionBox(classIndex: 0, x: Float($0.x), y: Float($0.y), width: Float($0.width), height: Float($0.height))
            }
            if suggested.contains(where: { s in drawn.contains { $0.iou(s) >= 0.5 } }) { matched += 1 }
        }
        #expect(matched >= 90, "\(matched) of 122 images got a matching suggestion")
        #expect(try database.annotations(imageID: 1) == before)
        // And running it again replaces its open suggestions rather than piling them up
        let count = try database.boxSuggestions(imageID: 1).count
        _ = try database.enqueueJob(projectID: project.id, spec: .predict(PredictionConfig(modelVersion: version.id)), priority: 0, by: who)
        service().runNextJob()
        #expect(try database.boxSuggestions(imageID: 1).count == count)
    }

    @Test func aDetectorSearchTriesTwoNetworksAndRegistersTheBetterOne() throws {
        // Given boxed images and a search over two backbones and two input sizes
        let labels = try ["disc", "cross"].map { try database.createLabel(projectID: project.id, name: $0, color: "#e5484d", hotkey: nil, by: .commandLine) }
        try addImagesWithBoxes(40, labels: labels)
        let config = try JSONDecoder().decode(TrainingConfig.self, from: Data(#"""
            {"architecture":"detector","input_size":64,"epochs":4,"patience":4,"batch_size":16,"learning_rate":0.002,
             "search":{"strategy":"grid","trials":3,"learning_rate":[0.002],"batch_size":[16],"width":[16],"epochs":[4],
                       "conv_channels":[[8,16],[16,32,32]],"input_size":[64,96],"prune":false}}
            """#.utf8))
        let job = try database.enqueueJob(projectID: project.id, spec: .search(config), priority: 0, by: who)
        // When the trainer runs it
        service().runNextJob()
        // Then three trials ran, each a detector, and the best is registered as a detector with its AP
        let done = try #require(try database.job(id: job.id))
        #expect(done.state == .succeeded, "\(done.message)")
        let trials = try database.jobTrials(jobID: job.id)
        #expect(trials.count == 3 && trials.allSatisfy { $0.outcome == .done })
        #expect(Set(trials.map(\.parameters)).count == 3 && trials.contains { $0.parameters.contains("\"input_size\":96") })
        let versionID = try #require(done.modelVersionId)
        let version = try #require(try database.modelVersion(id: versionID))
        #expect(version.modelType == "object-detector" && version.metrics.contains("ap50"))
        let best = try #require(trials.min { $0.validationLoss < $1.validationLoss })
        #expect(version.description.contains("trial \(best.trial + 1)"))
    }

    @Test func aProjectADetectorCannotLearnFromFailsAtOnceNamingTheProblem() throws {
        // Given a project with a label nobody drew and images without boxes
        let labels = try ["disc", "cross", "bus"].map { try database.createLabel(projectID: project.id, name: $0, color: "#e5484d", hotkey: nil, by: .commandLine) }
        let detector = try JSONDecoder().decode(TrainingConfig.self, from: Data(#"{"architecture":"detector","input_size":64,"epochs":1}"#.utf8))
        func failure() throws -> String {
            let job = try database.enqueueJob(projectID: project.id, spec: .train(detector), priority: 0, by: who)
            service().runNextJob()
            let done = try #require(try database.job(id: job.id))
            #expect(done.state == .failed)
            return done.message
        }
        // Then: no boxes at all
        #expect(try failure().contains("no image has a box"))
        // A label without boxes, by name
        try addImagesWithBoxes(4, labels: labels)
        #expect(try failure().contains("'bus' has no boxes"))
    }

    @Test func aPredictJobWithAClassifierVersionFailsSayingSo() throws {
        // Given a registered classifier version
        let stored = try ContentStore(dataDirectory: dataDirectory).store(Array("not a detector".utf8), in: "models", extension: "loupe")
        let train = try database.enqueueJob(projectID: project.id, spec: .train(TrainingConfig()), priority: 0, by: who)
        _ = try database.claimNextJob(owner: "t", leaseSeconds: 30)
        let classifier = try #require(try database.completeTrainingJob(lease: JobLease(jobID: train.id, owner: "t", attempt: 1), version: TrainedVersion(
            modelName: "Discs", artifactPath: stored.relativePath, artifactSHA256: stored.sha256, artifactSize: stored.size,
            metrics: "{}", parameters: "{}", evaluation: "{}", labels: "[]", snapshotId: nil, description: "d"), message: "ok"))
        // When a predict job names it
        let job = try database.enqueueJob(projectID: project.id, spec: .predict(PredictionConfig(modelVersion: classifier.id)), priority: 0, by: who)
        service().runNextJob()
        // Then it fails naming the problem
        let done = try #require(try database.job(id: job.id))
        #expect(done.state == .failed && done.message.contains("is not a detector Loupe can run (its type is image-classifier)"), "\(done.message)")
    }
}
