// What /metrics reads from the store at scrape time: the trainer's queue and running jobs, images by
// status, and what detector versions' suggestions became.
import Foundation

/// The trainer's state as the database records it; the worker exposes it because the trainer
/// serves no endpoint of its own.
public struct MonitoringCounts: Sendable, Equatable {
    public struct RunningJob: Sendable, Equatable {
        public let id: Int64
        public let kind: String
        public let progress: Double
        /// The last recorded epoch and its speed; nil before the first epoch ends.
        public let epoch: Int?
        public let samplesPerSecond: Double?
        /// Seconds since the trainer last said it was alive.
        public let heartbeatAge: Double?
        /// CPU seconds the trainer has spent on it, and its resident memory, at the last heartbeat.
        public var cpuSeconds: Double? = nil
        public var residentBytes: Int? = nil
    }

    public let jobsByState: [String: Int]
    public let runningJobs: [RunningJob]
    public let imagesByStatus: [String: Int]
    /// What each detector version's suggestions became, across projects.
    public let suggestionOutcomes: [SuggestionOutcome]
    /// Each version's latest drift report of the last day.
    public var drift: [DriftRecord] = []
}

extension AppDatabase {
    public func monitoringCounts(now: Date = Date()) throws -> MonitoringCounts {
        try read { db in
            let jobStates = try SQLRow.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM jobs GROUP BY state")
            let imageStatuses = try SQLRow.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM images GROUP BY status")
            let running = try SQLRow.fetchAll(db, sql: """
                SELECT j.id, j.kind, j.progress, j.heartbeat_at, j.cpu_seconds, j.resident_bytes, m.epoch, m.samples_per_second
                FROM jobs j LEFT JOIN job_metrics m ON m.job_id = j.id AND (m.trial, m.epoch) =
                    (SELECT trial, epoch FROM job_metrics WHERE job_id = j.id ORDER BY trial DESC, epoch DESC LIMIT 1)
                WHERE j.state = 'running' ORDER BY j.id
                """)
            return MonitoringCounts(
                jobsByState: Dictionary(uniqueKeysWithValues: jobStates.map { ($0["state"], $0["n"]) }),
                runningJobs: running.map { row in
                    let heartbeat: Date? = row["heartbeat_at"]
                    return .init(id: row["id"], kind: row["kind"], progress: row["progress"], epoch: row["epoch"],
                                 samplesPerSecond: row["samples_per_second"],
                                 heartbeatAge: heartbeat.map { max(0, now.timeIntervalSince($0)) },
                                 cpuSeconds: row["cpu_seconds"], residentBytes: row["resident_bytes"])
                },
                imagesByStatus: Dictionary(uniqueKeysWithValues: imageStatuses.map { ($0["status"], $0["n"]) }),
                suggestionOutcomes: try Self.suggestionOutcomes(db, projectID: nil),
                drift: try Self.latestDriftReports(db, modelID: nil, since: now.addingTimeInterval(-86_400)))
        }
    }
}
