// A training job end to end in-process: real SQLite, real JPEG files, the real loop and registry.
import Domain
import FileStore
import Foundation
import Imaging
import Logging
import Store
import Tensor
import Testing
@testable import Training

@Suite struct JobRunnerTests {
    let database: AppDatabase
    let dataDirectory: URL
    let project: Project
    let who = Attribution(userID: nil, username: "dana", remoteAddress: "x")

    init() throws {
        (database, dataDirectory) = try TestTrainer.store()
        project = try database.createProject(name: "Colours", description: "", by: .commandLine)
    }

    /// A noisy 24×24 JPEG that is mostly red (class 0) or mostly blue (class 1).
    private func photo(_ n: Int, blue: Bool) throws -> [UInt8] {
        var generator = SeededGenerator(seed: UInt64(n))
        var pixels: [UInt8] = []
        for _ in 0..<(24 * 24) {
            let noise = { UInt8(Int(generator.next() % 60)) }
            pixels += blue ? [noise(), noise(), 180 + noise()] : [180 + noise(), noise(), noise()]
        }
        return try Imaging.encodeJPEG(RasterImage(width: 24, height: 24, channels: 3, pixels: pixels), quality: 90)
    }

    /// Uploads `count` photos per class and tags each with its colour's label.
    private func addTaggedPhotos(count: Int) throws {
        let files = ContentStore(dataDirectory: dataDirectory)
        let red = try database.createLabel(projectID: project.id, name: "red", color: "#e5484d", hotkey: nil, by: .commandLine)
        let blue = try database.createLabel(projectID: project.id, name: "blue", color: "#3e63dd", hotkey: nil, by: .commandLine)
        for n in 0..<(2 * count) {
            let isBlue = n % 2 == 1
            let stored = try files.store(try photo(n, blue: isBlue), in: "images", extension: "jpg")
            let image = try database.addImage(NewImage(
                projectId: project.id, fileName: "\(n).jpg", sha256: stored.sha256, format: "jpeg", byteSize: stored.size,
                width: 24, height: 24, orientation: 1, originalPath: stored.relativePath, thumbnailPath: stored.relativePath,
                displayPath: nil), by: .commandLine).image
            _ = try database.saveAnnotations(imageID: image.id, expectedRevision: 0,
                                             shapes: [.tag(labelID: isBlue ? blue.id : red.id)], by: who)
        }
    }

    private func service() -> TrainerService { TestTrainer.service(database, dataDirectory) }

    @Test func aTrainingJobLearnsRegistersAndItsModelPredicts() throws {
        // Given 20 red and 20 blue tagged photos and a small MLP job
        try addTaggedPhotos(count: 20)
        let config = try JSONDecoder().decode(TrainingConfig.self, from: Data(#"{"architecture":"mlp","input_size":8,"epochs":8,"width":16}"#.utf8))
        let job = try database.enqueueJob(projectID: project.id, spec: .train(config), by: who)
        // When the trainer runs it
        #expect(service().runNextJob())
        // Then it succeeded with per-epoch metrics and a registered version
        let done = try #require(try database.job(id: job.id))
        #expect(done.state == .succeeded, "\(done.message)")
        #expect(try database.jobMetrics(jobID: job.id).count >= 1)
        let versionID = try #require(done.modelVersionId)
        let version = try #require(try database.modelVersion(id: versionID))
        #expect(version.modelName == "Colours" && version.version == 1 && version.labels == #"["red","blue"]"#)
        // And the artifact on disk is the registered bytes, and its model tells red from blue
        let artifactPath = try #require(version.artifactPath)
        let bytes = try [UInt8](Data(contentsOf: dataDirectory.appendingPathComponent(artifactPath)))
        #expect(bytes.count == version.artifactSize)
        let classifier = try Classifier(try ModelFile(decoding: bytes))
        let samples = try [false, true, false, true].enumerated().map { n, blue in
            try Imaging.modelSample(try photo(1000 + n, blue: blue), side: 8)
        }
        #expect(classifier.predict(samples).map(\.best) == [0, 1, 0, 1])
        // And the decoded samples were cached by sha256 for the next job
        #expect(FileManager.default.fileExists(atPath: dataDirectory.appendingPathComponent("cache/samples/8").path))
    }

    @Test func aTrainedVersionRanksTheOpenImagesForLabelling() throws {
        // Given a trained version (which queues a scoring job) and two untagged photos
        try addTaggedPhotos(count: 8)
        let files = ContentStore(dataDirectory: dataDirectory)
        var untagged: [Int64] = []
        for n in 100..<102 {
            let stored = try files.store(try photo(n, blue: n % 2 == 1), in: "images", extension: "jpg")
            untagged.append(try database.addImage(NewImage(
                projectId: project.id, fileName: "\(n).jpg", sha256: stored.sha256, format: "jpeg", byteSize: stored.size,
                width: 24, height: 24, orientation: 1, originalPath: stored.relativePath, thumbnailPath: stored.relativePath,
                displayPath: nil), by: .commandLine).image.id)
        }
        let config = try JSONDecoder().decode(TrainingConfig.self, from: Data(#"{"architecture":"linear","input_size":8,"epochs":3}"#.utf8))
        _ = try database.enqueueJob(projectID: project.id, spec: .train(config), by: who)
        #expect(service().runNextJob())
        let scoring = try #require(try database.jobs(projectID: project.id).first { $0.kind == .score })
        #expect(scoring.state == .queued && scoring.priority == 1)
        // When the trainer runs the scoring job
        #expect(service().runNextJob())
        // Then every open image has a rank, a guess and a confidence, and the queue hands out the
        // best-ranked image nobody has tagged yet
        let done = try #require(try database.job(id: scoring.id))
        #expect(done.state == .succeeded && done.message.hasPrefix("scored 18 images"), "\(done.message)")
        let summary = try database.queueSummary(projectID: project.id)
        #expect(summary.scored == 18 && summary.strategy == "margin")
        let user = try database.createUser(username: "ann", passwordHash: "x", role: .annotator, by: .commandLine)
        let first = try #require(try database.takeNextImage(projectID: project.id, userID: user.id, holdSeconds: 60))
        let suggestion = try #require(try database.suggestion(imageID: first.id))
        let ranks = try untagged.map { try #require(try database.suggestion(imageID: $0)).rank }
        #expect(untagged.contains(first.id) && suggestion.rank == ranks.min())
        #expect(["red", "blue"].contains(suggestion.label) && suggestion.labelID != nil)
    }

    @Test func scoringWithoutAVersionFailsWithAClearMessage() throws {
        let job = try database.enqueueJob(projectID: project.id, spec: .score(ScoringConfig()), by: who)
        service().runNextJob()
        #expect(try database.job(id: job.id)?.message.contains("no model version to score with") == true)
    }

    @Test func aSearchJobRecordsEveryTrialAndRegistersTheBest() throws {
        try addTaggedPhotos(count: 10)
        let config = try JSONDecoder().decode(TrainingConfig.self, from: Data(#"""
            {"architecture":"linear","input_size":8,"search":{"strategy":"grid","trials":3,
             "learning_rate":[0.00001,0.01],"batch_size":[8],"width":[8],"epochs":[2,4]}}
            """#.utf8))
        let job = try database.enqueueJob(projectID: project.id, spec: .search(config), by: who)
        service().runNextJob()
        let done = try #require(try database.job(id: job.id))
        #expect(done.state == .succeeded, "\(done.message)")
        let trials = try database.jobTrials(jobID: job.id)
        #expect(trials.count == 3 && trials.allSatisfy { $0.outcome != .failed })
        let best = try #require(trials.filter { $0.outcome == .done }.min { $0.validationLoss < $1.validationLoss })
        let versionID = try #require(done.modelVersionId)
        let version = try #require(try database.modelVersion(id: versionID))
        #expect(version.description.contains("trial \(best.trial + 1)"))
        #expect(Set(try database.jobMetrics(jobID: job.id).map(\.trial)) == [0, 1, 2])
        // Each trial ran as a job of its own, here on the one trainer there is
        let trialJobs = try database.trialJobs(searchJobID: job.id)
        #expect(trialJobs.count == 3 && trialJobs.allSatisfy { $0.state == .succeeded && $0.message.contains("trainer test") })
        // And only the registered trial's model file is kept
        for trial in trials {
            guard let path = trial.artifactPath else { continue }
            let kept = FileManager.default.fileExists(atPath: dataDirectory.appendingPathComponent(path).path)
            #expect(kept == (path == version.artifactPath), "trial \(trial.trial): \(path)")
        }
    }

    @Test func aSearchsTrialsRunOnTwoTrainersAtOnce() throws {
        // Given a search of four trials, two at a time, and two trainers
        try addTaggedPhotos(count: 10)
        let config = try JSONDecoder().decode(TrainingConfig.self, from: Data(#"""
            {"architecture":"mlp","input_size":16,"search":{"strategy":"random","trials":4,"parallel":2,"prune":false,
             "learning_rate":[0.001,0.01],"batch_size":[4],"width":[64,128],"epochs":[15]}}
            """#.utf8))
        let job = try database.enqueueJob(projectID: project.id, spec: .search(config), by: who)
        let (database, dataDirectory) = (self.database, self.dataDirectory)
        @Sendable func trainer(_ owner: String) -> TrainerService { TestTrainer.service(database, dataDirectory, owner: owner, pollSeconds: 0.05) }
        let helper = Thread {
            // The second trainer starts once the first holds the search, and takes what it can.
            while (try? database.job(id: job.id))??.state == .queued { Thread.sleep(forTimeInterval: 0.01) }
            let second = trainer("trainer-b")
            while (try? database.job(id: job.id))??.state == .running { if !second.runNextJob() { Thread.sleep(forTimeInterval: 0.01) } }
        }
        helper.start()
        // When the first trainer runs the search
        trainer("trainer-a").runNextJob()
        while helper.isExecuting { Thread.sleep(forTimeInterval: 0.01) }
        // Then it succeeded with four trials, and each trainer ran at least one of them
        let done = try #require(try database.job(id: job.id))
        #expect(done.state == .succeeded, "\(done.message)")
        let trialJobs = try database.trialJobs(searchJobID: job.id)
        let trials = try database.jobTrials(jobID: job.id)
        #expect(trialJobs.count == 4 && trials.count == 4)
        #expect(trialJobs.contains { $0.message.contains("trainer trainer-a") } && trialJobs.contains { $0.message.contains("trainer trainer-b") },
                "\(trialJobs.map(\.message))")
    }

    @Test func aTrialJobCannotBeQueuedByAClient() {
        #expect(throws: TrainingConfigError.self) { try JobSpec.requested(kind: .trial, config: Data("{}".utf8)) }
    }

    @Test func aProjectWithoutLabelsFailsWithAClearMessage() throws {
        let job = try database.enqueueJob(projectID: project.id, spec: .train(TrainingConfig()), by: who)
        service().runNextJob()
        let failed = try #require(try database.job(id: job.id))
        #expect(failed.state == .failed)
        #expect(failed.message.contains("no image has exactly one tag"))
        // And the trainer is ready for the next job
        #expect(service().runNextJob() == false)
    }

    @Test func oneClassIsNotEnough() throws {
        try addTaggedPhotos(count: 3)
        let blue = try #require(try database.labels(projectID: project.id).first { $0.name == "blue" })
        try database.deleteLabel(id: blue.id, reassignTo: try database.labels(projectID: project.id).first { $0.name == "red" }?.id,
                                     by: who)
        let job = try database.enqueueJob(projectID: project.id, spec: .train(TrainingConfig()), by: who)
        service().runNextJob()
        #expect(try database.job(id: job.id)?.message.contains("at least two labels") == true)
    }

    @Test func aVersionKeepsADriftReferenceAndABatchJobPredictsOverASnapshot() throws {
        // Given a trained classifier, and a snapshot of six accepted photos
        try addTaggedPhotos(count: 20)
        let config = try JSONDecoder().decode(TrainingConfig.self, from: Data(#"{"architecture":"mlp","input_size":8,"epochs":8,"width":16}"#.utf8))
        let trained = try database.enqueueJob(projectID: project.id, spec: .train(config), by: who)
        #expect(service().runNextJob())
        let version = try #require(try database.job(id: trained.id)?.modelVersionId)
        // (its reference for drift checks came from its validation images)
        let reference = try #require(try database.referenceProfile(versionID: version))
        #expect(reference.observations > 0 && reference.features["brightness"]?.count == reference.observations)
        #expect(reference.embeddings.first?.count == 16)  // the MLP's hidden width: under 64 dimensions, kept as they are
        for image in try database.images(projectID: project.id, status: nil, afterID: 0, limit: 6) {
            _ = try database.submitImage(id: image.id, expectedRevision: nil, by: who)
            _ = try database.reviewImage(id: image.id, decision: .accept, comment: "", by: who)
        }
        let snapshot = try database.createSnapshot(projectID: project.id, name: "six", by: who)
        // When a batch job runs the version over the snapshot
        let batch = try database.enqueueJob(projectID: project.id, spec: .batch(BatchConfig(modelVersion: version, source: .snapshot, snapshot: snapshot.id)), by: who)
        while try database.job(id: batch.id)?.state == .queued { _ = service().runNextJob() }
        // Then it wrote a CSV row per photo, coloured as the photos are, and a COCO results file
        let job = try #require(try database.job(id: batch.id))
        #expect(job.state == .succeeded && job.message.hasPrefix("6 images predicted"), "\(job.message)")
        let results = try database.jobResults(jobID: batch.id)
        #expect(results.map(\.format) == ["coco", "csv"])
        let files = ContentStore(dataDirectory: dataDirectory)
        let csv = try String(contentsOf: files.url(of: results[1].path), encoding: .utf8).split(separator: "\r\n")
        #expect(csv.count == 7 && csv[0] == "image_id,file_name,model,version,label,score,x,y,width,height,error")
        let right = csv.dropFirst().filter { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            return fields[4] == (Int(fields[1].split(separator: ".")[0])! % 2 == 1 ? "blue" : "red")
        }
        #expect(right.count >= 5)
        let coco = try JSONSerialization.jsonObject(with: try Data(contentsOf: files.url(of: results[0].path))) as! [[String: Any]]
        #expect(coco.count == 6 && coco.allSatisfy { $0["bbox"] == nil && $0["score"] != nil })
        // A snapshot of another project is refused before anything is queued
        let other = try database.createProject(name: "Other", description: "", by: .commandLine)
        #expect(throws: StoreError.self) {
            try database.enqueueJob(projectID: other.id, spec: .batch(BatchConfig(modelVersion: version, source: .snapshot, snapshot: snapshot.id)), by: who)
        }
    }
}
