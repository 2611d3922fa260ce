// Served-request usage: each worker process sums its requests per version, arm and minute and adds
// them here about once a second; guardrails, charts and /metrics read the sums back.
import Domain
import Foundation

extension AppDatabase {
    /// Adds one process's sums to the stored ones, in one transaction.
    public func recordServeUsage(_ entries: [ServeUsageKey: ArmStats]) throws {
        guard !entries.isEmpty else { return }
        let encoder = JSONEncoder()
        try write { db in
            for (key, stats) in entries {
                var total = stats
                if let stored = try String.fetchOne(db, literal: """
                    SELECT stats FROM serve_usage WHERE model_id = \(key.modelId) AND version_id = \(key.versionId) AND arm = \(key.arm)
                      AND window_start = \(key.windowStart) AND rollout_id = \(key.rolloutId) AND step = \(key.step)
                    """) {
                    total.add(try Self.decodeStats(stored))
                }
                let json = String(decoding: try encoder.encode(total), as: UTF8.self)
                try db.execute(literal: """
                    INSERT INTO serve_usage (model_id, version_id, arm, window_start, rollout_id, step, requests, errors, stats)
                    VALUES (\(key.modelId), \(key.versionId), \(key.arm), \(key.windowStart), \(key.rolloutId), \(key.step),
                            \(total.requests), \(total.errors), \(json))
                    ON CONFLICT (model_id, version_id, arm, window_start, rollout_id, step)
                    DO UPDATE SET requests = excluded.requests, errors = excluded.errors, stats = excluded.stats
                    """)
            }
        }
    }

    /// One arm's sums over a rollout step (what its guardrails judge).
    public func rolloutArmStats(rolloutID: Int64, step: Int, arm: String) throws -> ArmStats {
        try read { db in
            try Self.merged(try String.fetchAll(db, literal: """
                SELECT stats FROM serve_usage WHERE rollout_id = \(rolloutID) AND step = \(step) AND arm = \(arm)
                """))
        }
    }

    /// A model's usage since `since`, per version and arm, summed.
    public func serveUsage(modelID: Int64, since: Date) throws -> [ServeUsageSummary] {
        let from = Int64(since.timeIntervalSince1970)
        return try read { db in
            let rows = try SQLRow.fetchAll(db, literal: """
                SELECT u.version_id, v.version, u.arm, u.stats FROM serve_usage u JOIN model_versions v ON v.id = u.version_id
                WHERE u.model_id = \(modelID) AND u.window_start >= \(from) ORDER BY v.version DESC, u.arm
                """)
            var order: [String] = []
            var sums: [String: ServeUsageSummary] = [:]
            for row in rows {
                let (version, arm): (Int, String) = (row["version"], row["arm"])
                let key = "\(version) \(arm)"
                if sums[key] == nil {
                    order.append(key)
                    sums[key] = ServeUsageSummary(versionId: row["version_id"], version: version, arm: arm, stats: ArmStats())
                }
                sums[key]!.stats.add(try Self.decodeStats(row["stats"]))
            }
            return order.map { sums[$0]! }
        }
    }

    /// Requests and errors per minute for each version of a model since `since`, oldest first (charts).
    public func serveUsageSeries(modelID: Int64, since: Date) throws -> [ServeUsagePoint] {
        let from = Int64(since.timeIntervalSince1970)
        return try read { db in
            try SQLRow.fetchAll(db, literal: """
                SELECT u.window_start, v.version, SUM(u.requests) AS requests, SUM(u.errors) AS errors
                FROM serve_usage u JOIN model_versions v ON v.id = u.version_id
                WHERE u.model_id = \(modelID) AND u.window_start >= \(from) AND u.arm != 'shadow'
                GROUP BY u.window_start, v.version ORDER BY u.window_start, v.version
                """).map { row in
                ServeUsagePoint(minute: Date(timeIntervalSince1970: Double(row["window_start"] as Int64)), version: row["version"],
                                requests: row["requests"], errors: row["errors"])
            }
        }
    }

    /// Requests each model answered since `since` (shadow runs not counted), by model id.
    public func servedRequests(since: Date) throws -> [Int64: Int] {
        try read { db in
            var counts: [Int64: Int] = [:]
            for row in try SQLRow.fetchAll(db, literal: """
                SELECT model_id, SUM(requests) AS n FROM serve_usage
                WHERE window_start >= \(Int64(since.timeIntervalSince1970)) AND arm != 'shadow' GROUP BY model_id
                """) {
                counts[row["model_id"]] = row["n"]
            }
            return counts
        }
    }

    /// Drops usage older than `usageBefore` and served profiles older than `profilesBefore`: they are
    /// kept for charts, guardrails and drift, not forever.
    public func pruneServingHistory(usageBefore: Date, profilesBefore: Date) throws {
        try write { db in
            try db.execute(literal: "DELETE FROM serve_usage WHERE window_start < \(Int64(usageBefore.timeIntervalSince1970))")
            try db.execute(literal: "DELETE FROM serve_profiles WHERE window_start < \(Int64(profilesBefore.timeIntervalSince1970))")
        }
    }

    private static func merged(_ texts: [String]) throws -> ArmStats {
        var total = ArmStats()
        for text in texts { total.add(try decodeStats(text)) }
        return total
    }

    private static func decodeStats(_ text: String) throws -> ArmStats {
        do {
            return try JSONDecoder().decode(ArmStats.self, from: Data(text.utf8))
        } catch {
            throw StoreError.corrupt("serve usage stats: \(error)")
        }
    }
}

/// One version's arm summed over a time.
public struct ServeUsageSummary: Sendable, Equatable {
    public let versionId: Int64
    public let version: Int
    public let arm: String
    public var stats: ArmStats
}

/// One minute of one version's served requests.
public struct ServeUsagePoint: Sendable, Equatable {
    public let minute: Date
    public let version: Int
    public let requests: Int
    public let errors: Int
}
