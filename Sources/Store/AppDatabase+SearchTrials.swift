// A search's trials as jobs of their own: the search queues them (a step above its own priority, so a
// free trainer takes them before other work), any trainer claims one, the trial's epochs land in the
// search's curves, and the search can take back or cancel the ones still waiting.
import Domain
import Foundation

extension AppDatabase {
    /// The search's trial jobs, in trial order.
    public func trialJobs(searchJobID: Int64) throws -> [Job] {
        try read { db in
            try Job.fetchAll(db, literal: """
                SELECT * FROM jobs WHERE kind = 'trial' AND \(db.dialect.jsonInteger("config", key: "search_job")) = \(searchJobID)
                ORDER BY \(db.dialect.jsonInteger("config", key: "trial")), id
                """)
        }
    }

    /// Takes this queued job (a search running one of its own trials), as `claimNextJob` takes any.
    public func claimJob(id: Int64, owner: String, leaseSeconds: TimeInterval) throws -> Job? {
        try write(isolation: .readCommitted) { db in
            let now = db.dialect.timestamp()
            return try Job.fetchOne(db, literal: """
                UPDATE jobs SET state = 'running', lease_owner = \(owner), lease_expires_at = \(db.dialect.timestamp(after: leaseSeconds)),
                       heartbeat_at = \(now), started_at = COALESCE(started_at, \(now)), attempts = attempts + 1, message = 'starting'
                WHERE id = \(id) AND state = 'queued'
                RETURNING *
                """)
        }
    }

    /// Records a trial's epoch in its search's curves, while the caller holds the trial's lease.
    public func recordTrialEpoch(trialLease: JobLease, searchJobID: Int64, _ metric: JobMetric) throws {
        try write { db in
            guard try Int.fetchOne(db, literal: """
                SELECT 1 FROM jobs WHERE \(trialLease.holdsRow)
                """) != nil else { return }
            try Self.insertMetric(db, jobID: searchJobID, metric)
        }
    }

    /// Each finished trial's validation loss after each epoch (for the median rule).
    public func finishedTrialLosses(searchJobID: Int64) throws -> [[Double]] {
        try read { db in
            let rows = try SQLRow.fetchAll(db, literal: """
                SELECT m.trial, m.validation_loss FROM job_metrics m
                JOIN job_trials t ON t.job_id = m.job_id AND t.trial = m.trial AND t.state = 'done'
                WHERE m.job_id = \(searchJobID) ORDER BY m.trial, m.epoch
                """)
            var curves: [Int: [Double]] = [:]
            for row in rows { curves[row["trial"], default: []].append(row["validation_loss"]) }
            return curves.keys.sorted().map { curves[$0]! }
        }
    }

    /// A search that stops takes its waiting trials with it and asks the running ones to stop.
    public func cancelTrialJobs(searchJobID: Int64, message: String) throws {
        let now = Date()
        try write { db in
            try db.execute(literal: """
                UPDATE jobs SET state = 'cancelled', finished_at = \(now), message = \(message)
                WHERE kind = 'trial' AND state = 'queued' AND \(db.dialect.jsonInteger("config", key: "search_job")) = \(searchJobID)
                """)
            try db.execute(literal: """
                UPDATE jobs SET cancel_requested = TRUE
                WHERE kind = 'trial' AND state = 'running' AND \(db.dialect.jsonInteger("config", key: "search_job")) = \(searchJobID)
                """)
        }
    }
}
