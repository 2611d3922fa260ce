// The job queue on a real database (SQLite, or PostgreSQL when the suite runs there): claims, leases, heartbeats, cancels, recovery, registration.
import Domain
import Foundation
import Synchronization
import Testing
@testable import Store

@Suite struct JobQueueStoreTests {
    let database: AppDatabase
    let project: Project
    let who = Attribution(userID: nil, username: "dana", remoteAddress: "x")

    init() throws {
        database = try AppDatabase.openTemporary()
        project = try database.createProject(name: "Birds", description: "", by: .commandLine)
    }

    private func enqueue(priority: Int = 0) throws -> Job {
        try database.enqueueJob(projectID: project.id, spec: .train(TrainingConfig()), priority: priority, by: who)
    }

    @Test func claimsTakeTheOldestOfTheHighestPriorityOnce() throws {
        // Given two normal jobs and a later urgent one
        let first = try enqueue(), second = try enqueue(), urgent = try enqueue(priority: 5)
        // When trainers claim
        let a = try database.claimNextJob(owner: "a", leaseSeconds: 30)
        let b = try database.claimNextJob(owner: "b", leaseSeconds: 30)
        let c = try database.claimNextJob(owner: "c", leaseSeconds: 30)
        // Then the urgent one goes first, then by age, each to exactly one owner
        #expect([a?.id, b?.id, c?.id] == [urgent.id, first.id, second.id])
        #expect(a?.state == .running && a?.leaseOwner == "a" && a?.attempts == 1)
        #expect(try database.claimNextJob(owner: "d", leaseSeconds: 30) == nil)
    }

    @Test func concurrentClaimsNeverShareAJob() throws {
        // Given 20 jobs and 4 threads claiming as fast as they can, each through its own connection
        for _ in 0..<20 { _ = try enqueue() }
        let path = database.path
        let claimed = Mutex<[Int64]>([])
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            let mine = try! AppDatabase.openShared(path: path)
            while let job = try! mine.claimNextJob(owner: "w\(worker)", leaseSeconds: 30) {
                claimed.withLock { $0.append(job.id) }
            }
        }
        // Then every job was claimed exactly once
        let ids = claimed.withLock { $0 }
        #expect(ids.count == 20)
        #expect(Set(ids).count == 20)
    }

    @Test func anIdleTrainerHearsOfAQueuedJobAtOnceOnPostgreSQLAndWaitsItsPollOnSQLite() throws {
        // Given a trainer's store connection waiting for work (its first wait sets up the listening)
        let trainer = try AppDatabase.openShared(path: database.path, migrate: false)
        #expect(trainer.waitForQueuedJob(timeout: 0.05) == false)
        // When a job is queued through another connection while it waits
        let queued = Mutex(Date.distantFuture)
        let thread = Thread {
            Thread.sleep(forTimeInterval: 0.3)
            queued.withLock { $0 = Date() }
            _ = try? self.enqueue()
        }
        thread.start()
        let started = Date()
        let told = trainer.waitForQueuedJob(timeout: 3)
        let waited = Date().timeIntervalSince(started)
        // Then PostgreSQL tells it (NOTIFY) long before the timeout; SQLite's trainers poll, so it waits it out
        if TestBackend.isPostgres {
            #expect(told && waited < 2, "waited \(waited) s")
            #expect(Date().timeIntervalSince(queued.withLock { $0 }) < 1)
        } else {
            #expect(!told && waited >= 2.9)
        }
    }

    @Test func heartbeatsExtendTheLeaseAndCarryCancelRequests() throws {
        let job = try enqueue()
        _ = try database.claimNextJob(owner: "a", leaseSeconds: 30)
        #expect(try database.heartbeat(lease: JobLease(jobID: job.id, owner: "a", attempt: 1), leaseSeconds: 30, progress: 0.5, message: "epoch 2", resources: nil) == .carryOn)
        #expect(try database.job(id: job.id)?.progress == 0.5)
        // A stranger's heartbeat does not count
        #expect(try database.heartbeat(lease: JobLease(jobID: job.id, owner: "b", attempt: 1), leaseSeconds: 30, progress: 0.9, message: "", resources: nil) == .leaseLost)
        // When someone asks to cancel, the running job learns it at its next heartbeat
        let flagged = try database.requestJobCancel(jobID: job.id, by: who)
        #expect(flagged.state == .running && flagged.cancelRequested)
        #expect(try database.heartbeat(lease: JobLease(jobID: job.id, owner: "a", attempt: 1), leaseSeconds: 30, progress: 0.6, message: "", resources: nil) == .cancelRequested)
        #expect(try database.finishJob(lease: JobLease(jobID: job.id, owner: "a", attempt: 1), state: .cancelled, message: "cancelled while epoch 3"))
        #expect(try database.job(id: job.id)?.state == .cancelled)
        // A finished job cannot be cancelled again
        #expect(throws: StoreError.self) { try database.requestJobCancel(jobID: job.id, by: who) }
    }

    @Test func aQueuedJobIsCancelledAtOnce() throws {
        let job = try enqueue()
        #expect(try database.requestJobCancel(jobID: job.id, by: who).state == .cancelled)
        #expect(try database.claimNextJob(owner: "a", leaseSeconds: 30) == nil)
    }

    @Test func expiredLeasesAreRetriedOnceThenFailedWithTheReason() throws {
        // Given a job whose trainer died (its lease ran out)
        let job = try enqueue()
        _ = try database.claimNextJob(owner: "dead", leaseSeconds: 1)
        #expect(try database.recoverExpiredJobs(now: Date()).isEmpty)  // not yet expired
        // When the lease is long past, it is requeued
        let requeued = try database.recoverExpiredJobs(now: Date() + 5)
        #expect(requeued.map(\.state) == [.queued])
        #expect(requeued[0].message.contains("lease expired"))
        // And the dead trainer's late writes are refused
        #expect(try database.heartbeat(lease: JobLease(jobID: job.id, owner: "dead", attempt: 1), leaseSeconds: 30, progress: 1, message: "", resources: nil) == .leaseLost)
        #expect(try database.finishJob(lease: JobLease(jobID: job.id, owner: "dead", attempt: 1), state: .succeeded, message: "") == false)
        // When its second attempt dies too, it fails with the reason
        #expect(try database.claimNextJob(owner: "second", leaseSeconds: 1)?.attempts == 2)
        let failed = try database.recoverExpiredJobs(now: Date() + 5)
        #expect(failed.map(\.state) == [.failed])
        #expect(failed[0].message.contains("stopped responding 2 times"))
    }

    @Test func aRunWhoseLeaseWasTakenOverWritesNothingMoreEvenIfItsTrainerReclaimedTheJob() throws {
        // Given a job claimed by trainer "a", whose lease ran out and was recovered
        let job = try enqueue()
        let first = JobLease(claimed: try #require(try database.claimNextJob(owner: "a", leaseSeconds: 1)), owner: "a")
        #expect(try database.recoverExpiredJobs(now: Date() + 5).map(\.id) == [job.id])
        // When the same trainer claims it again (attempt 2) while its first run still goes on
        let second = JobLease(claimed: try #require(try database.claimNextJob(owner: "a", leaseSeconds: 30)), owner: "a")
        #expect(second.attempt == 2 && second.owner == first.owner)
        // Then the first run's heartbeat, epochs and completion are all refused: the attempt fences it
        #expect(try database.heartbeat(lease: first, leaseSeconds: 30, progress: 0.9, message: "", resources: nil) == .leaseLost)
        try database.recordEpoch(lease: first, JobMetric(trial: 0, epoch: 1, trainLoss: 9, trainAccuracy: 0, validationLoss: 9,
                                                         validationAccuracy: 0, learningRate: 0.1, samplesPerSecond: 1))
        #expect(try database.jobMetrics(jobID: job.id).isEmpty)
        #expect(try database.completeTrainingJob(lease: first, version: TrainedVersion(
            modelName: "Fenced", artifactPath: "models/a.loupe", artifactSHA256: "x", artifactSize: 1, metrics: "{}",
            parameters: "{}", evaluation: "{}", labels: "[]", snapshotId: nil, description: ""), message: "late") == nil)
        #expect(try database.finishJob(lease: first, state: .failed, message: "late") == false)
        // And the second run's writes count
        #expect(try database.heartbeat(lease: second, leaseSeconds: 30, progress: 0.5, message: "", resources: nil) == .carryOn)
        #expect(try database.finishJob(lease: second, state: .succeeded, message: "done"))
        #expect(try database.job(id: job.id)?.state == .succeeded)
    }

    @Test func jobsOfExitedTrainersAreRecoveredBeforeTheirLeaseExpires() throws {
        // Given two running jobs with long leases, one of whose trainers has exited
        let gone = try enqueue(), alive = try enqueue()
        _ = try database.claimNextJob(owner: "host:101@1", leaseSeconds: 300)
        _ = try database.claimNextJob(owner: "host:202@1", leaseSeconds: 300)
        #expect(try database.runningJobOwners() == ["host:101@1", "host:202@1"])
        // When that trainer's jobs are recovered, only its job is requeued, saying why
        let requeued = try database.recoverJobs(ofExitedOwners: ["host:101@1"])
        #expect(requeued.map(\.id) == [gone.id] && requeued[0].state == .queued)
        #expect(requeued[0].message == "requeued: its trainer exited (trainer host:101@1)")
        #expect(try database.job(id: alive.id)?.state == .running)
        // And when its second attempt's trainer exits too, it fails
        _ = try database.claimNextJob(owner: "host:303@1", leaseSeconds: 300)
        let failed = try database.recoverJobs(ofExitedOwners: ["host:303@1"])
        #expect(failed.map(\.state) == [.failed] && failed[0].message.contains("exited 2 times"))
        #expect(try database.recoverJobs(ofExitedOwners: []).isEmpty)
    }

    @Test func anOrderlyShutdownHandsTheJobBackWithoutCountingTheAttempt() throws {
        let job = try enqueue()
        _ = try database.claimNextJob(owner: "a", leaseSeconds: 30)
        try database.releaseJob(lease: JobLease(jobID: job.id, owner: "a", attempt: 1))
        let again = try #require(try database.claimNextJob(owner: "b", leaseSeconds: 30))
        #expect(again.id == job.id && again.attempts == 1)
    }

    @Test func completingAJobRegistersTheNextVersionAndSucceedsTogether() throws {
        // Given two jobs trained in turn
        for expected in 1...2 {
            let job = try enqueue()
            _ = try database.claimNextJob(owner: "a", leaseSeconds: 30)
            try database.recordEpoch(lease: JobLease(jobID: job.id, owner: "a", attempt: 1), JobMetric(trial: 0, epoch: 1, trainLoss: 1, trainAccuracy: 0.5,
                                                                          validationLoss: 1.1, validationAccuracy: 0.4,
                                                                          learningRate: 0.001, samplesPerSecond: 100))
            // When each registers its version
            let version = try #require(try database.completeTrainingJob(
                lease: JobLease(jobID: job.id, owner: "a", attempt: 1),
                version: TrainedVersion(modelName: "Birds", artifactPath: "models/ab/cd/x.loupe", artifactSHA256: "x",
                                        artifactSize: 10, metrics: #"{"validation_accuracy":0.4}"#, parameters: "{}",
                                        evaluation: "{}", labels: #"["a","b"]"#, snapshotId: nil, description: "d"),
                message: "done"))
            // Then versions count up under one registered model, with lineage, and the job points at it
            #expect(version.version == expected && version.modelName == "Birds" && version.stage == .none)
            #expect(version.jobId == job.id && version.projectId == project.id && version.source == "trained")
            let finished = try #require(try database.job(id: job.id))
            #expect(finished.state == .succeeded && finished.modelVersionId == version.id && finished.progress == 1)
            #expect(try database.jobMetrics(jobID: job.id).count == 1)
        }
        // And a job whose lease is gone registers nothing
        let orphan = try enqueue()
        #expect(try database.completeTrainingJob(
            lease: JobLease(jobID: orphan.id, owner: "a", attempt: 1),
            version: TrainedVersion(modelName: "Birds", artifactPath: "p", artifactSHA256: "s", artifactSize: 1, metrics: "{}",
                                    parameters: "{}", evaluation: "{}", labels: "[]", snapshotId: nil, description: ""),
            message: "") == nil)
        let model = try #require(try database.registeredModel(named: "birds"))
        #expect(try database.modelVersions(modelID: model.id).map(\.version) == [2, 1])
    }

    @Test func aSnapshotThatDoesNotExistIsRefusedAtEnqueue() throws {
        var config = TrainingConfig()
        config.snapshot = "nope"
        #expect(throws: StoreError.invalid(field: "config.snapshot", message: "This project has no snapshot called 'nope'.")) {
            try database.enqueueJob(projectID: project.id, spec: .train(config), by: who)
        }
    }

    @Test func trainingSetsTakeSinglyTaggedImagesOrBoxes() throws {
        // Given three images: one tag, two tags, and two boxes
        let images = try (0..<3).map { index in
            try database.addImage(NewImage(projectId: project.id, fileName: "\(index).jpg", sha256: "s\(index)", format: "jpeg",
                                           byteSize: 1, width: 100, height: 50, orientation: 1, originalPath: "images/\(index).jpg",
                                           thumbnailPath: "t", displayPath: nil), by: .commandLine).image
        }
        let robin = try database.createLabel(projectID: project.id, name: "Robin", color: "#e5484d", hotkey: nil, by: .commandLine)
        let wren = try database.createLabel(projectID: project.id, name: "Wren", color: "#3e63dd", hotkey: nil, by: .commandLine)
        _ = try database.saveAnnotations(imageID: images[0].id, expectedRevision: 0, shapes: [.tag(labelID: wren.id)], by: who)
        _ = try database.saveAnnotations(imageID: images[1].id, expectedRevision: 0,
                                         shapes: [.tag(labelID: wren.id), .tag(labelID: robin.id)], by: who)
        _ = try database.saveAnnotations(imageID: images[2].id, expectedRevision: 0, shapes: [
            .box(labelID: robin.id, x: 1, y: 2, width: 30, height: 20), .box(labelID: wren.id, x: 50, y: 5, width: 10, height: 10)], by: who)
        // Then tags give one sample per singly-tagged image, and count the others
        let tags = try database.trainingSet(projectID: project.id, snapshotReference: nil, source: .tags)
        #expect(tags.samples.map(\.imageID) == [images[0].id])
        #expect(tags.samples[0].labelID == wren.id && tags.samples[0].crop == nil && tags.samples[0].originalPath == "images/0.jpg")
        #expect(tags.imagesWithSeveralTags == 1)
        #expect(tags.labels.map(\.name) == ["Robin", "Wren"])
        // And boxes give one cropped sample per box
        let boxes = try database.trainingSet(projectID: project.id, snapshotReference: nil, source: .boxes)
        #expect(boxes.samples.map(\.labelID) == [robin.id, wren.id])
        #expect(boxes.samples[0].crop == TrainingSample.Crop(x: 1, y: 2, width: 30, height: 20))
    }
}
