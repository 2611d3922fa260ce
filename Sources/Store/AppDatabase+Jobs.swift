// The job queue: enqueue, claim with a lease, heartbeat, cancel, recover, finish; epoch metrics and trials.
import Domain
import Foundation

/// What a heartbeat tells the trainer.
public enum HeartbeatAnswer: Sendable, Equatable {
    case carryOn
    /// Someone asked to cancel: stop between steps and report `cancelled`.
    case cancelRequested
    /// The lease is gone (it expired and the job was recovered): stop and write nothing more.
    case leaseLost
}

extension AppDatabase {
    /// Queues a job. A config naming a snapshot must name one of the project's snapshots.
    public func enqueueJob(projectID: Int64, spec: JobSpec, priority: Int = 0, by who: Attribution) throws -> Job {
        let kind = spec.kind
        let configText = String(decoding: try spec.configJSON(), as: UTF8.self)
        return try write { db in
            guard try Int.fetchOne(db, literal: "SELECT 1 FROM projects WHERE id = \(projectID)") != nil else {
                throw StoreError.notFound(entity: "project")
            }
            if let reference = spec.training?.snapshot, try snapshotID(db, projectID: projectID, reference: reference) == nil {
                throw StoreError.invalid(field: "config.snapshot", message: "This project has no snapshot called '\(reference)'.")
            }
            if case .batch(let batch) = spec, let snapshot = batch.snapshot,
               try Int.fetchOne(db, literal: "SELECT 1 FROM snapshots WHERE id = \(snapshot) AND project_id = \(projectID)") == nil {
                throw StoreError.invalid(field: "config.snapshot", message: "This project has no snapshot #\(snapshot).")
            }
            let job = try Job.fetchOne(db, literal: """
                INSERT INTO jobs (project_id, kind, config, priority, created_by, created_at, message)
                VALUES (\(projectID), \(kind.rawValue), \(configText), \(priority), \(who.userID), \(Date()), 'waiting for the trainer')
                RETURNING *
                """)!
            try Self.appendAudit(db, by: who, action: "job.queued", target: "job:\(job.id)",
                                 detail: "\(kind.rawValue) on project \(projectID)")
            try Self.announceQueuedJob(db)
            return job
        }
    }

    public func job(id: Int64) throws -> Job? {
        try lookup { db in try Job.fetchOne(db, literal: "SELECT * FROM jobs WHERE id = \(id)") }
    }

    /// The project's jobs, newest first.
    public func jobs(projectID: Int64, limit: Int = 100) throws -> [Job] {
        try read { db in
            try Job.fetchAll(db, literal: "SELECT * FROM jobs WHERE project_id = \(projectID) ORDER BY id DESC LIMIT \(limit)")
        }
    }

    /// Takes the oldest queued job of the highest priority in one UPDATE, so two trainers never
    /// take the same job; the lease says who holds it and until when, by the store's clock. On
    /// PostgreSQL claimers on several hosts pass over each other's locked rows (SKIP LOCKED, at READ
    /// COMMITTED, where SERIALIZABLE would make them collide and retry).
    public func claimNextJob(owner: String, leaseSeconds: TimeInterval) throws -> Job? {
        try write(isolation: .readCommitted) { db in
            let now = db.dialect.timestamp()
            let job = try Job.fetchOne(db, literal: """
                UPDATE jobs SET state = 'running', lease_owner = \(owner), lease_expires_at = \(db.dialect.timestamp(after: leaseSeconds)),
                       heartbeat_at = \(now), started_at = COALESCE(started_at, \(now)), attempts = attempts + 1,
                       message = 'starting'
                WHERE id = (SELECT id FROM jobs WHERE state = 'queued' ORDER BY priority DESC, id LIMIT 1 \(db.dialect.skipLocked))
                  AND state = 'queued'
                RETURNING *
                """)
            return job
        }
    }

    /// Extends the lease and records progress; answers whether to carry on.
    /// `resources`: the CPU seconds the trainer has spent on the job so far and its resident memory.
    public func heartbeat(lease: JobLease, leaseSeconds: TimeInterval, progress: Double,
                          message: String, resources: JobResources? = nil) throws -> HeartbeatAnswer {
        try write { db in
            let cancel = try Bool.fetchOne(db, literal: """
                UPDATE jobs SET lease_expires_at = \(db.dialect.timestamp(after: leaseSeconds)), heartbeat_at = \(db.dialect.timestamp()),
                       progress = \(min(max(progress, 0), 1)), message = \(message),
                       cpu_seconds = COALESCE(\(resources?.cpuSeconds), cpu_seconds), resident_bytes = COALESCE(\(resources?.residentBytes), resident_bytes)
                WHERE \(lease.holdsRow)
                RETURNING cancel_requested
                """)
            guard let cancel else { return .leaseLost }
            return cancel ? .cancelRequested : .carryOn
        }
    }

    /// Ends a running job this owner holds. Returns false when the lease was lost meanwhile.
    @discardableResult
    public func finishJob(lease: JobLease, state: JobState, message: String) throws -> Bool {
        precondition(state.isFinished, "finishJob needs a final state")
        return try write { db in
            try db.execute(literal: """
                UPDATE jobs SET state = \(state.rawValue), message = \(message), finished_at = \(Date()),
                       lease_owner = NULL, lease_expires_at = NULL, progress = CASE WHEN \(state == .succeeded) THEN 1 ELSE progress END
                WHERE \(lease.holdsRow)
                """)
            return db.changesCount == 1
        }
    }

    /// An orderly trainer shutdown hands its running job back to the queue; that attempt does not count.
    public func releaseJob(lease: JobLease) throws {
        try write { db in
            try db.execute(literal: """
                UPDATE jobs SET state = 'queued', lease_owner = NULL, lease_expires_at = NULL, attempts = attempts - 1,
                       message = 'requeued: the trainer was stopped while running it'
                WHERE \(lease.holdsRow)
                """)
            if db.changesCount > 0 { try Self.announceQueuedJob(db) }
        }
    }

    /// Wakes idle trainers on every host (PostgreSQL's NOTIFY, sent when the transaction commits);
    /// on SQLite trainers poll.
    static func announceQueuedJob(_ db: StoreConnection) throws {
        if db.dialect == .postgres { try db.execute(sql: "NOTIFY \(PostgresBackend.jobChannel)") }
    }

    /// Waits up to `timeout` seconds for a job to be queued; true when told of one. On SQLite it just
    /// waits (trainers poll); on PostgreSQL it listens, so an idle trainer starts at once.
    public func waitForQueuedJob(timeout: TimeInterval) -> Bool {
        guard let postgres = backend as? PostgresBackend else {
            Thread.sleep(forTimeInterval: timeout)
            return false
        }
        return postgres.waitForNotification(timeout: timeout)
    }

    /// A queued job is cancelled at once; a running one is flagged and stops at its next step.
    public func requestJobCancel(jobID: Int64, by who: Attribution) throws -> Job {
        try write { db in
            guard let job = try Job.fetchOne(db, literal: "SELECT * FROM jobs WHERE id = \(jobID)") else {
                throw StoreError.notFound(entity: "job")
            }
            guard !job.state.isFinished else {
                throw StoreError.conflict(code: "job_finished", message: "The job has already \(job.state.rawValue == "cancelled" ? "been cancelled" : job.state.rawValue).")
            }
            try Self.appendAudit(db, by: who, action: "job.cancel", target: "job:\(jobID)", detail: job.state.rawValue)
            if job.state == .queued {
                return try Job.fetchOne(db, literal: """
                    UPDATE jobs SET state = 'cancelled', cancel_requested = TRUE, finished_at = \(Date()),
                           message = 'cancelled before it started'
                    WHERE id = \(jobID) RETURNING *
                    """)!
            }
            return try Job.fetchOne(db, literal: """
                UPDATE jobs SET cancel_requested = TRUE, message = 'cancelling…' WHERE id = \(jobID) RETURNING *
                """)!
        }
    }

    /// Running jobs whose lease has expired (their trainer died): requeued once, failed the second
    /// time, with the reason in the message. Returns the jobs it changed. `now`: the store's clock
    /// unless given (tests move time on).
    public func recoverExpiredJobs(now: Date? = nil, maxAttempts: Int = 2) throws -> [Job] {
        try recoverJobs(where: { "lease_expires_at < \($0.timestamp(now: now))" }, now: now, maxAttempts: maxAttempts,
                        reason: "its trainer stopped responding", detail: "'lease expired at ' || lease_expires_at")
    }

    /// Owners of the leases on running jobs, so a trainer can tell which of them have exited.
    public func runningJobOwners() throws -> Set<String> {
        try read { db in
            Set(try String.fetchAll(db, literal: "SELECT lease_owner FROM jobs WHERE state = 'running' AND lease_owner IS NOT NULL"))
        }
    }

    /// Running jobs leased by trainers known to have exited: recovered at once rather than when
    /// their lease expires, requeued once and failed the second time. Returns the jobs it changed.
    public func recoverJobs(ofExitedOwners owners: Set<String>, now: Date? = nil, maxAttempts: Int = 2) throws -> [Job] {
        guard !owners.isEmpty else { return [] }
        return try recoverJobs(where: { _ in "lease_owner IN \(Array(owners))" }, now: now, maxAttempts: maxAttempts,
                               reason: "its trainer exited", detail: "'trainer ' || lease_owner")
    }

    /// Requeues (or, out of attempts, fails) the running jobs matching `condition`; the message gives
    /// `reason` and, in brackets, the value of the SQL expression `detail`.
    private func recoverJobs(where condition: (SQLDialect) -> SQLQuery, now: Date?, maxAttempts: Int, reason: String,
                             detail: SQLQuery) throws -> [Job] {
        try write { db in
            let condition = condition(db.dialect)
            let requeued = try Job.fetchAll(db, literal: """
                UPDATE jobs SET state = 'queued', lease_owner = NULL, lease_expires_at = NULL,
                       message = \("requeued: \(reason) (") || \(detail) || ')'
                WHERE state = 'running' AND \(condition) AND attempts < \(maxAttempts)
                RETURNING *
                """)
            if !requeued.isEmpty { try Self.announceQueuedJob(db) }
            let failed = try Job.fetchAll(db, literal: """
                UPDATE jobs SET state = 'failed', lease_owner = NULL, lease_expires_at = NULL, finished_at = \(db.dialect.timestamp(now: now)),
                       message = \("failed: \(reason) ") || attempts || ' times (last: ' || \(detail) || ')'
                WHERE state = 'running' AND \(condition) AND attempts >= \(maxAttempts)
                RETURNING *
                """)
            return requeued + failed
        }
    }

    // MARK: - Metrics and trials

    /// Records an epoch, unless the lease was lost (a recovered job's old run must not write).
    public func recordEpoch(lease: JobLease, _ metric: JobMetric) throws {
        try write { db in
            guard try Int.fetchOne(db, literal: """
                SELECT 1 FROM jobs WHERE \(lease.holdsRow)
                """) != nil else { return }
            try Self.insertMetric(db, jobID: lease.jobID, metric)
        }
    }

    static func insertMetric(_ db: StoreConnection, jobID: Int64, _ metric: JobMetric) throws {
        try db.execute(literal: """
            INSERT INTO job_metrics (job_id, trial, epoch, train_loss, train_accuracy, validation_loss,
                validation_accuracy, learning_rate, samples_per_second, at)
            VALUES (\(jobID), \(metric.trial), \(metric.epoch), \(metric.trainLoss), \(metric.trainAccuracy),
                \(metric.validationLoss), \(metric.validationAccuracy), \(metric.learningRate), \(metric.samplesPerSecond), \(Date()))
            ON CONFLICT (job_id, trial, epoch) DO UPDATE SET train_loss = excluded.train_loss,
                train_accuracy = excluded.train_accuracy, validation_loss = excluded.validation_loss,
                validation_accuracy = excluded.validation_accuracy, learning_rate = excluded.learning_rate,
                samples_per_second = excluded.samples_per_second, at = excluded.at
            """)
    }

    /// Drops what an earlier, interrupted attempt recorded, so a retried job's table starts clean.
    public func clearJobResults(jobID: Int64) throws {
        try write { db in
            try db.execute(literal: "DELETE FROM job_metrics WHERE job_id = \(jobID)")
            try db.execute(literal: "DELETE FROM job_trials WHERE job_id = \(jobID)")
        }
    }

    /// The job's metric rows after the first `offset` (rows come in trial and epoch order, so an offset
    /// is a resume point: the live event stream's ids are these row numbers).
    public func jobMetrics(jobID: Int64, after offset: Int) throws -> [JobMetric] {
        try read { db in
            try JobMetric.fetchAll(db, literal: """
                SELECT * FROM job_metrics WHERE job_id = \(jobID) ORDER BY trial, epoch LIMIT \(Int64.max) OFFSET \(max(0, offset))
                """)
        }
    }

    public func jobMetrics(jobID: Int64) throws -> [JobMetric] {
        try read { db in
            try JobMetric.fetchAll(db, literal: "SELECT * FROM job_metrics WHERE job_id = \(jobID) ORDER BY trial, epoch")
        }
    }

    public func recordTrial(jobID: Int64, _ trial: JobTrial) throws {
        try write { db in
            try db.execute(literal: """
                INSERT INTO job_trials (job_id, trial, parameters, validation_loss, validation_accuracy, epochs,
                    state, artifact_path, message)
                VALUES (\(jobID), \(trial.trial), \(trial.parameters), \(trial.validationLoss), \(trial.validationAccuracy), \(trial.epochs),
                    \(trial.outcome.rawValue), \(trial.artifactPath), \(trial.message))
                ON CONFLICT (job_id, trial) DO UPDATE SET parameters = excluded.parameters,
                    validation_loss = excluded.validation_loss, validation_accuracy = excluded.validation_accuracy,
                    epochs = excluded.epochs, state = excluded.state, artifact_path = excluded.artifact_path, message = excluded.message
                """)
        }
    }

    public func jobTrials(jobID: Int64) throws -> [JobTrial] {
        try lookup { db in try JobTrial.fetchAll(db, literal: "SELECT * FROM job_trials WHERE job_id = \(jobID) ORDER BY trial") }
    }

    func snapshotID(_ db: StoreConnection, projectID: Int64, reference: String) throws -> Int64? {
        if let id = try Int64.fetchOne(db, literal: "SELECT id FROM snapshots WHERE project_id = \(projectID) AND name = \(reference)") {
            return id
        }
        guard let id = Int64(reference) else { return nil }
        return try Int64.fetchOne(db, literal: "SELECT id FROM snapshots WHERE project_id = \(projectID) AND id = \(id)")
    }
}

/// What a trainer spends on a job: CPU seconds since the job started, and the process's resident memory.
public struct JobResources: Sendable, Equatable {
    public let cpuSeconds: Double
    public let residentBytes: Int

    public init(cpuSeconds: Double, residentBytes: Int) { (self.cpuSeconds, self.residentBytes) = (cpuSeconds, residentBytes) }
}
