// Batches and comment threads on a real store: how /next serves batches, who may be assigned, what a
// batch's progress counts, who a comment notifies and when a thread is read.
import Domain
import Foundation
import Testing
@testable import Store

@Suite struct TeamWorkStoreTests {
    let database: AppDatabase
    let project: Project
    let images: [ImageRecord]
    let ann: User, bob: User, rita: User, outsider: User
    let label: Label

    init() throws {
        let database = try AppDatabase.openTemporary()
        let project = try database.createProject(name: "Team", description: "", by: .commandLine)
        (self.database, self.project) = (database, project)
        images = try (0..<6).map { index in
            try database.addImage(NewImage(projectId: project.id, fileName: "photo-\(index).jpg", sha256: "s\(index)", format: "jpeg", byteSize: 1,
                                           width: 100, height: 100, orientation: 1, originalPath: "o\(index)", thumbnailPath: "t",
                                           displayPath: nil), by: .commandLine).image
        }
        ann = try database.createUser(username: "ann", passwordHash: "x", role: .annotator, by: .commandLine)
        bob = try database.createUser(username: "bob", passwordHash: "x", role: .annotator, by: .commandLine)
        rita = try database.createUser(username: "rita", passwordHash: "x", role: .reviewer, by: .commandLine)
        outsider = try database.createUser(username: "olga", passwordHash: "x", role: .annotator, by: .commandLine)
        for user in [ann, bob, rita] {
            _ = try database.setProjectMember(projectID: project.id, userID: user.id, role: user.role, by: .commandLine)
        }
        label = try database.createLabel(projectID: project.id, name: "bird", color: "#ff0000", hotkey: nil, by: .commandLine)
    }

    private func who(_ user: User) -> Attribution { Attribution(userID: user.id, username: user.username, remoteAddress: "test") }

    private func next(_ user: User) throws -> Int64? {
        try database.takeNextImage(projectID: project.id, userID: user.id, holdSeconds: 60)?.id
    }

    // MARK: - Batches

    @Test func batchesSplitByCountAndGoToTheAssigneesInTurn() throws {
        // Given six new images, split into batches of two for ann and bob, due on a day
        let batches = try database.createBatches(projectID: project.id, plan: BatchPlan(name: "Week 1", size: 2, order: .upload,
                                                                                        assignees: ["ann", "BOB"], dueOn: "2026-12-24"), by: .commandLine)
        // Then there are three batches, named in order, ann's, bob's, ann's
        #expect(batches.map(\.name) == ["Week 1 1", "Week 1 2", "Week 1 3"])
        #expect(batches.map(\.assignee) == ["ann", "bob", "ann"])
        #expect(batches.map(\.total) == [2, 2, 2])
        #expect(batches.allSatisfy { $0.dueOn == "2026-12-24" && $0.done == 0 })
        // And the images are taken once: a second plan finds nothing left
        #expect(throws: StoreError.self) { try database.createBatches(projectID: project.id, plan: BatchPlan(), by: .commandLine) }
    }

    @Test func nextServesTheCallersBatchFirstAndNeverSomeoneElses() throws {
        // Given images 4 and 5 in ann's batch, and images 0 and 1 in bob's
        _ = try database.createBatches(projectID: project.id, plan: BatchPlan(fileNameContains: "-4", assignees: ["ann"]), by: .commandLine)
        _ = try database.createBatches(projectID: project.id, plan: BatchPlan(fileNameContains: "-5", assignees: ["ann"]), by: .commandLine)
        _ = try database.createBatches(projectID: project.id, plan: BatchPlan(size: 2, limit: 2, order: .upload, assignees: ["bob"]), by: .commandLine)
        // When ann asks for work, she gets her batch's images before the open pool
        #expect(try next(ann) == images[4].id)
        _ = try database.submitImage(id: images[4].id, expectedRevision: nil, by: who(ann))
        #expect(try next(ann) == images[5].id)
        _ = try database.submitImage(id: images[5].id, expectedRevision: nil, by: who(ann))
        // Then the pool, skipping bob's batch
        #expect(try next(ann) == images[2].id)
        // Rita (no batch) never gets bob's images either; bob gets his own
        #expect(try next(rita) == images[3].id)
        #expect(try database.imagesReservedForOthers(projectID: project.id, userID: rita.id) == 2)
        #expect(try database.imagesReservedForOthers(projectID: project.id, userID: bob.id) == 0)  // ann's are submitted
        #expect(try next(bob) == images[0].id)
        // And the progress counts the submitted images as done
        let progress = try database.batches(projectID: project.id)
        #expect(progress.map(\.done) == [1, 1, 0])
        #expect(progress[0].counts[.submitted] == 1)
    }

    @Test func aSoonerDueBatchComesFirst() throws {
        _ = try database.createBatches(projectID: project.id, plan: BatchPlan(name: "Later", limit: 1, order: .upload, assignees: ["ann"], dueOn: "2027-01-10"), by: .commandLine)
        _ = try database.createBatches(projectID: project.id, plan: BatchPlan(name: "Sooner", limit: 1, order: .upload, assignees: ["ann"], dueOn: "2026-12-10"), by: .commandLine)
        #expect(try next(ann) == images[1].id)
    }

    @Test func onlyPeopleWhoSeeTheProjectCanBeAssigned() throws {
        for (name, expected) in [("olga", "not a member"), ("nobody", "no user named")] {
            do {
                _ = try database.createBatches(projectID: project.id, plan: BatchPlan(assignees: [name]), by: .commandLine)
                Issue.record("\(name) was assigned")
            } catch StoreError.invalid(let field, let message) {
                #expect(field == "assignees")
                #expect(message.contains(expected))
            }
        }
        // Nothing was half created
        #expect(try database.batches(projectID: project.id).isEmpty)
        // A bad due day is refused by name
        #expect(throws: StoreError.invalid(field: "due_on", message: "due_on is a day as YYYY-MM-DD, such as 2026-12-24.")) {
            try database.createBatches(projectID: project.id, plan: BatchPlan(dueOn: "2026-02-30"), by: .commandLine)
        }
    }

    @Test func reassigningAndDissolvingABatch() throws {
        let batch = try database.createBatches(projectID: project.id, plan: BatchPlan(limit: 2, order: .upload, assignees: ["ann"]), by: .commandLine)[0]
        // Reassigned to bob with no due day: bob's next image is in it, ann's is not
        let changed = try database.updateBatch(projectID: project.id, batchID: batch.id, BatchChange(assignee: .some("bob"), dueOn: .some(nil)), by: .commandLine)
        #expect(changed.assignee == "bob" && changed.dueOn == nil)
        #expect(try next(ann) == images[2].id)
        #expect(try next(bob) == images[0].id)
        // Another project's id does not reach it
        let other = try database.createProject(name: "Other", description: "", by: .commandLine)
        #expect(throws: StoreError.notFound(entity: "batch")) { try database.deleteBatch(projectID: other.id, batchID: batch.id, by: .commandLine) }
        // Dissolved, its images are everyone's again
        try database.deleteBatch(projectID: project.id, batchID: batch.id, by: .commandLine)
        #expect(try database.batches(projectID: project.id).isEmpty)
        #expect(try next(rita) == images[1].id)
    }

    @Test func batchesFollowTheQueueRankAndTheModelsPredictedLabel() throws {
        let job = try database.enqueueJob(projectID: project.id, spec: .train(TrainingConfig()), by: .commandLine)
        _ = try database.claimNextJob(owner: "t", leaseSeconds: 30)
        let version = try #require(try database.completeTrainingJob(
            lease: JobLease(jobID: job.id, owner: "t", attempt: 1),
            version: TrainedVersion(modelName: "Team", artifactPath: "p", artifactSHA256: "s", artifactSize: 1, metrics: "{}",
                                    parameters: "{}", evaluation: "{}", labels: "[]", snapshotId: nil, description: ""), message: ""))
        try database.replaceScores(projectID: project.id, modelVersionID: version.id, strategy: .margin, ranked: [5, 3, 1, 0, 2, 4].map {
            ImageScore(imageID: images[$0].id, score: 1, predictedLabel: $0 % 2 == 1 ? "Robin" : "wren", confidence: 0.6)
        })
        let top = try database.createBatches(projectID: project.id, plan: BatchPlan(limit: 2), by: .commandLine)[0]
        let robins = try database.createBatches(projectID: project.id, plan: BatchPlan(predictedLabel: "robin"), by: .commandLine)[0]
        #expect(top.total == 2 && top.name == "Batch 1")
        #expect(robins.total == 1 && robins.name == "Batch 2")  // 5 and 3 were taken by the first batch
    }

    // MARK: - Comments

    @Test func aRejectionStartsAThreadThatNotifiesTheAnnotator() throws {
        // Given ann saved and submitted an image, and rita rejected it with a comment
        let image = images[0]
        _ = try database.saveAnnotations(imageID: image.id, expectedRevision: 0, shapes: [.box(labelID: label.id, x: 1, y: 1, width: 10, height: 10)], by: who(ann))
        _ = try database.submitImage(id: image.id, expectedRevision: nil, by: who(ann))
        _ = try database.reviewImage(id: image.id, decision: .reject, comment: "The box misses the tail", by: who(rita))
        // Then the thread holds the comment with its decision, unread by ann, not by rita
        let thread = try database.comments(imageID: image.id, readerID: ann.id)
        #expect(thread.comments.map(\.body) == ["The box misses the tail"])
        #expect(thread.comments[0].decision == .rejected && thread.comments[0].author == "rita")
        #expect(try database.unreadComments(userID: ann.id, role: .annotator, limit: 10).count == 1)
        #expect(try database.unreadComments(userID: rita.id, role: .reviewer, limit: 10).count == 0)
        // When ann answers about the box, mentioning rita, the thread is read for ann and unread for rita
        let answer = try database.addComment(imageID: image.id, body: "@rita fixed, thanks @nobody.", shapePosition: 0, by: who(ann))
        #expect(answer.mentions == ["rita"])
        #expect(answer.shapePosition == 0 && answer.revision == 1)
        #expect(try database.unreadComments(userID: ann.id, role: .annotator, limit: 10).count == 0)
        let ritas = try database.unreadComments(userID: rita.id, role: .reviewer, limit: 10)
        #expect(ritas.count == 1 && ritas.newest[0].mentionsReader && ritas.newest[0].fileName == "photo-0.jpg")
        // Bob, who has nothing to do with the image, is not notified; once rita reads, neither is she
        #expect(try database.unreadComments(userID: bob.id, role: .annotator, limit: 10).count == 0)
        try database.markCommentsRead(imageID: image.id, userID: rita.id)
        #expect(try database.unreadComments(userID: rita.id, role: .reviewer, limit: 10).count == 0)
    }

    @Test func aMentionFollowsTheThreadAndOutsidersAreNotNotified() throws {
        let image = images[1]
        _ = try database.addComment(imageID: image.id, body: "@bob and @olga, is this a wren?", shapePosition: nil, by: who(ann))
        // Bob is mentioned; olga cannot see the project, so she is not
        #expect(try database.unreadComments(userID: bob.id, role: .annotator, limit: 10).count == 1)
        #expect(try database.unreadComments(userID: outsider.id, role: .annotator, limit: 10).count == 0)
        // A later comment without a mention still reaches bob: he follows the thread now
        _ = try database.addComment(imageID: image.id, body: "Or a robin?", shapePosition: nil, by: who(ann))
        #expect(try database.unreadComments(userID: bob.id, role: .annotator, limit: 10).count == 2)
        try database.markAllCommentsRead(userID: bob.id, role: .annotator)
        #expect(try database.unreadComments(userID: bob.id, role: .annotator, limit: 10).count == 0)
    }

    @Test func aCommentMustSaySomethingAndPointAtAShapeThatExists() throws {
        #expect(throws: StoreError.invalid(field: "body", message: "Write something before sending the comment.")) {
            try database.addComment(imageID: images[0].id, body: "  \n", shapePosition: nil, by: who(ann))
        }
        do {
            _ = try database.addComment(imageID: images[0].id, body: "this one", shapePosition: 3, by: who(ann))
            Issue.record("a comment on a missing shape was kept")
        } catch StoreError.invalid(let field, _) {
            #expect(field == "shape_position")
        }
        #expect(try database.comments(imageID: images[0].id, readerID: ann.id).comments.isEmpty)
    }
}
