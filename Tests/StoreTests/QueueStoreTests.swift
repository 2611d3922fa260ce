// The labelling queue on a real SQLite file: rank order, holds, release on submit, fallback order.
import Domain
import Foundation
import Testing
@testable import Store

@Suite struct QueueStoreTests {
    let database: AppDatabase
    let project: Project
    let images: [ImageRecord]
    let ann: User
    let bob: User

    init() throws {
        let database = try AppDatabase.openTemporary()
        let project = try database.createProject(name: "Queue", description: "", by: .commandLine)
        (self.database, self.project) = (database, project)
        images = try (0..<4).map { index in
            try database.addImage(NewImage(projectId: project.id, fileName: "\(index).jpg", sha256: "s\(index)", format: "jpeg", byteSize: 1,
                                           width: 10, height: 10, orientation: 1, originalPath: "o\(index)", thumbnailPath: "t",
                                           displayPath: nil), by: .commandLine).image
        }
        ann = try database.createUser(username: "ann", passwordHash: "x", role: .annotator, by: .commandLine)
        bob = try database.createUser(username: "bob", passwordHash: "x", role: .annotator, by: .commandLine)
    }

    private func score(_ order: [Int]) throws {
        let job = try database.enqueueJob(projectID: project.id, spec: .train(TrainingConfig()), by: .commandLine)
        _ = try database.claimNextJob(owner: "t", leaseSeconds: 30)
        let version = try #require(try database.completeTrainingJob(
            lease: JobLease(jobID: job.id, owner: "t", attempt: 1),
            version: TrainedVersion(modelName: "Queue", artifactPath: "p", artifactSHA256: "s", artifactSize: 1, metrics: "{}",
                                    parameters: "{}", evaluation: "{}", labels: "[]", snapshotId: nil, description: ""),
            message: ""))
        try database.replaceScores(projectID: project.id, modelVersionID: version.id, strategy: .margin, ranked: order.map {
            ImageScore(imageID: images[$0].id, score: 1 - Double($0) / 10, predictedLabel: "cat", confidence: 0.6)
        })
    }

    @Test func withoutScoresTheQueueFollowsUploadOrder() throws {
        #expect(try database.takeNextImage(projectID: project.id, userID: ann.id, holdSeconds: 60)?.id == images[0].id)
    }

    @Test func theQueueFollowsTheScoresAndNeverGivesOneImageToTwoPeople() throws {
        try score([2, 0, 3, 1])
        // Ann gets the top image, Bob the next one while Ann holds hers
        #expect(try database.takeNextImage(projectID: project.id, userID: ann.id, holdSeconds: 60)?.id == images[2].id)
        #expect(try database.takeNextImage(projectID: project.id, userID: bob.id, holdSeconds: 60)?.id == images[0].id)
        // Asking again keeps each on their own image
        #expect(try database.takeNextImage(projectID: project.id, userID: ann.id, holdSeconds: 60)?.id == images[2].id)
        // Skipping her image gives Ann the next free one (and frees hers), then she comes back to it
        #expect(try database.takeNextImage(projectID: project.id, userID: ann.id, holdSeconds: 60, skipping: images[2].id)?.id == images[3].id)
        #expect(try database.takeNextImage(projectID: project.id, userID: ann.id, holdSeconds: 60)?.id == images[2].id)
        // Bob cannot renew a hold on Ann's image; Ann can
        guard case .heldBy(let holder, _) = try database.renewHold(imageID: images[2].id, userID: bob.id, holdSeconds: 60) else {
            Issue.record("bob took ann's hold"); return
        }
        #expect(holder == "ann")
        #expect(try database.renewHold(imageID: images[2].id, userID: ann.id, holdSeconds: 60) == .held)
        // When Ann submits, her image leaves the queue and her hold goes with it
        _ = try database.submitImage(id: images[2].id, expectedRevision: nil, by: .commandLine)
        #expect(try database.takeNextImage(projectID: project.id, userID: ann.id, holdSeconds: 60)?.id == images[3].id)
        // A hold that has expired no longer keeps others out
        #expect(try database.takeNextImage(projectID: project.id, userID: bob.id, holdSeconds: -1)?.id == images[0].id)
        #expect(try database.takeNextImage(projectID: project.id, userID: ann.id, holdSeconds: 60)?.id == images[0].id)
        // The suggestion and the summary
        let suggestion = try #require(try database.suggestion(imageID: images[1].id))
        #expect(suggestion.label == "cat" && suggestion.rank == 3 && suggestion.labelID == nil)
        let summary = try database.queueSummary(projectID: project.id)
        #expect(summary.scored == 4 && summary.histogram.reduce(0, +) == 4 && summary.strategy == "margin")
    }

    @Test func imagesSomeoneAlreadyLabelledAreNeverHandedOut() throws {
        // Given the model ranks images 2 then 0 first, and someone saved shapes on both (they are in progress)
        try score([2, 0, 1, 3])
        let label = try database.createLabel(projectID: project.id, name: "cat", color: "#e5484d", hotkey: nil, by: .commandLine)
        for index in [2, 0] {
            _ = try database.saveAnnotations(imageID: images[index].id, expectedRevision: 0, shapes: [.tag(labelID: label.id)],
                                             by: Attribution(userID: bob.id, username: "bob", remoteAddress: "x"))
        }
        // Then "label next" hands out the best-ranked image nobody has labelled yet
        #expect(try database.takeNextImage(projectID: project.id, userID: ann.id, holdSeconds: 60)?.id == images[1].id)
    }

    @Test func settingsDefaultToMarginWithDiversityAndCheckTheVersion() throws {
        let defaults = try database.activeLearningSettings(projectID: project.id)
        #expect(defaults == ActiveLearningSettings(strategy: .margin, diversity: true, modelVersionID: nil))
        try database.updateActiveLearningSettings(projectID: project.id, .init(strategy: .entropy, diversity: false, modelVersionID: nil), by: .commandLine)
        #expect(try database.activeLearningSettings(projectID: project.id).strategy == .entropy)
        #expect(throws: StoreError.self) {
            try database.updateActiveLearningSettings(projectID: project.id, .init(strategy: .entropy, diversity: false, modelVersionID: 99), by: .commandLine)
        }
    }
}
