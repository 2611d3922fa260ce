// Job claims per second with several trainers claiming from one queue at once (scripts/bench-claims):
// each trainer is a thread with its own connection (its own AppDatabase), claiming and finishing
// until the queue is empty. Checks that every job was claimed exactly once.
import Domain
import Foundation
import Store
import Synchronization

enum ClaimBench {
    static func run(location: String, jobs: Int, trainers: Int) throws -> [String: Any] {
        let setup = try AppDatabase.openShared(path: location)
        let project = try setup.createProject(name: "Claims \(UUID().uuidString.prefix(8))", description: "", by: .commandLine)
        for _ in 0..<jobs {
            _ = try setup.enqueueJob(projectID: project.id, spec: .train(TrainingConfig()), priority: 0, by: .commandLine)
        }
        let claimed = Mutex<[Int64]>([])
        let failures = Mutex<[String]>([])
        let connections = try (0..<trainers).map { _ in try AppDatabase.openShared(path: location, migrate: false) }
        let started = DispatchTime.now().uptimeNanoseconds
        DispatchQueue.concurrentPerform(iterations: trainers) { trainer in
            let database = connections[trainer]
            let owner = "bench:\(trainer)@claims"
            do {
                while let job = try database.claimNextJob(owner: owner, leaseSeconds: 60) {
                    claimed.withLock { $0.append(job.id) }
                    guard try database.finishJob(lease: JobLease(claimed: job, owner: owner), state: .succeeded, message: "done") else {
                        failures.withLock { $0.append("job \(job.id): lease lost") }
                        continue
                    }
                }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let ids = claimed.withLock { $0 }
        let stored = try setup.jobs(projectID: project.id, limit: jobs + 1)
        let claimedOnce = ids.count == jobs && Set(ids).count == jobs
            && stored.allSatisfy { $0.state == .succeeded && $0.attempts == 1 }
        return ["store": setup.isPostgres ? "postgres" : "sqlite", "jobs": jobs, "trainers": trainers,
                "seconds": elapsed, "claims_per_second": Double(ids.count) / elapsed,
                "claimed": ids.count, "distinct": Set(ids).count, "claimed_exactly_once": claimedOnce,
                "failures": failures.withLock { $0 }.prefix(5).map { $0 }]
    }
}
