// The trainer's loop: recover jobs whose trainer died, claim the next job, run it, repeat; idle
// politely when the queue is empty; stop between steps on shutdown.
import FileStore
import Foundation
import Domain
import Logging
import Monitoring
import Store

public struct TrainerService {
    public struct Settings: Sendable {
        public var owner: String
        public var leaseSeconds: TimeInterval
        public var pollSeconds: TimeInterval

        public init(owner: String, leaseSeconds: TimeInterval, pollSeconds: TimeInterval) {
            self.owner = owner
            self.leaseSeconds = leaseSeconds
            self.pollSeconds = pollSeconds
        }
    }

    let database: any JobQueue
    let runner: JobRunner
    let settings: Settings
    let shutdown: ShutdownFlag
    let logger: Logger

    public init(database: any JobQueue, dataDirectory: URL, objects: S3Bucket? = nil, settings: Settings, shutdown: ShutdownFlag, logger: Logger,
                metrics: MetricsReporter = .disabled) {
        self.database = database
        self.runner = JobRunner(database: database, dataDirectory: dataDirectory, objects: objects, logger: logger, metrics: metrics)
        self.settings = settings
        self.shutdown = shutdown
        self.logger = logger
    }

    public func run() {
        logger.info("trainer \(settings.owner) ready (lease \(Int(settings.leaseSeconds)) s)")
        while !shutdown.isSet {
            if runNextJob() { continue }
            // Idle: wait in short slices so a shutdown is noticed at once; a job queued meanwhile (told
            // by PostgreSQL's NOTIFY) ends the wait, otherwise the queue is looked at every pollSeconds.
            let wake = Date() + settings.pollSeconds
            while !shutdown.isSet, Date() < wake {
                if database.waitForQueuedJob(timeout: min(0.05, max(0, wake.timeIntervalSinceNow))) { break }
            }
        }
        logger.info("trainer \(settings.owner) stopped")
    }

    /// A job whose trainer died is requeued once; the second time it fails (it may be what kills them).
    static let maxAttempts = 2

    /// Recovers the jobs of exited or unresponsive trainers, then runs one job if there is one.
    /// Returns whether it ran a job.
    @discardableResult
    public func runNextJob() -> Bool {
        do {
            let exited = TrainerIdentity(owner: settings.owner)?.exited(among: try database.runningJobOwners()) ?? []
            // Leases are judged by the store's clock (the database server's, when trainers are on several hosts).
            let recovered = try database.recoverJobs(ofExitedOwners: exited, now: nil, maxAttempts: Self.maxAttempts)
                + database.recoverExpiredJobs(now: nil, maxAttempts: Self.maxAttempts)
            for job in recovered {
                logger.warning("job \(job.id) recovered: \(job.message)")
            }
            guard let job = try database.claimNextJob(owner: settings.owner, leaseSeconds: settings.leaseSeconds) else {
                return false
            }
            logger.info("job \(job.id) claimed (\(job.kind.rawValue), attempt \(job.attempts))")
            runner.run(JobContext(job: job, owner: settings.owner, database: database,
                                  leaseSeconds: settings.leaseSeconds, shutdown: shutdown, logger: logger))
            return true
        } catch {
            logger.error("trainer loop: \(error)")
            return false
        }
    }
}
