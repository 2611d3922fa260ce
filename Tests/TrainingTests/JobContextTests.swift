// A job's writes when the disk is full: they wait for space instead of failing the job.
import Domain
import FileStore
import Foundation
import Store
import Testing
@testable import Training

@Suite struct JobContextTests {
    let context: JobContext
    let shutdown = ShutdownFlag()

    init() throws {
        let database = try AppDatabase.openTemporary()
        let project = try database.createProject(name: "Disk", description: "", by: .commandLine)
        let job = try database.enqueueJob(projectID: project.id, spec: .train(TrainingConfig()), priority: 0,
                                          by: Attribution(userID: nil, username: "dana", remoteAddress: "x"))
        context = JobContext(job: job, owner: "t", database: database, leaseSeconds: 30, shutdown: shutdown)
        context.diskFullRetryInterval = 0.01
    }

    /// A write that fails with `error` the first `failures` times.
    private func write(failing failures: Int, with error: any Error) -> (() throws -> Int, () -> Int) {
        var calls = 0
        return ({ calls += 1; if calls <= failures { throw error }; return 42 }, { calls })
    }

    @Test func aWriteOnAFullDiskOrWhileTheDatabaseRestartsGoesThroughOnceItIsBack() throws {
        for error: any Error in [StoreError.diskFull, FileStoreError.io(operation: "write", path: "models/x", reason: "No space left on device", diskFull: true),
                                 StoreError.unavailable("the connection to PostgreSQL was lost")] {
            let (attempt, calls) = write(failing: 3, with: error)
            #expect(try context.persist(attempt) == 42)
            #expect(calls() == 4)
        }
    }

    @Test func otherErrorsAreNotRetried() {
        let (attempt, calls) = write(failing: 1, with: FileStoreError.io(operation: "open", path: "x", reason: "Permission denied", diskFull: false))
        #expect(throws: FileStoreError.self) { try context.persist(attempt) }
        #expect(calls() == 1)
    }

    @Test func theJobFailsWhenTheDiskStaysFullPastThePatience() {
        context.diskFullPatience = 0.05
        let (attempt, calls) = write(failing: .max, with: StoreError.diskFull)
        #expect(throws: StoreError.diskFull) { try context.persist(attempt) }
        #expect(calls() > 1)
    }

    @Test func aShutdownWhileWaitingHandsTheJobBack() {
        shutdown.set()
        let (attempt, calls) = write(failing: .max, with: StoreError.diskFull)
        #expect(throws: TrainingError.interrupted) { try context.persist(attempt) }
        #expect(calls() == 1)
    }
}
