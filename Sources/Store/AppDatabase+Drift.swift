// Drift: reference profiles, served profiles summed per window, and the reports comparing them (a new
// "drift" verdict queues a drift.alert webhook in the report's own transaction).
import Domain
import Foundation

/// The latest drift report of a version, with its model.
public struct DriftRecord: Sendable, Equatable {
    public let modelName: String
    public let versionId: Int64
    public let version: Int
    public let computedAt: Date
    public let report: DriftReport
}

extension AppDatabase {
    /// Served profiles are summed per window of this many seconds.
    public static let driftWindowSeconds: Int64 = 600

    /// Each validation image's displayed size, by image id.
    public func imageSizes(ids: [Int64]) throws -> [Int64: (width: Int, height: Int)] {
        guard !ids.isEmpty else { return [:] }
        return try read { db in
            var sizes: [Int64: (width: Int, height: Int)] = [:]
            for row in try SQLRow.fetchAll(db, literal: "SELECT id, width, height FROM images WHERE id IN \(ids)") {
                sizes[row["id"]] = (row["width"], row["height"])
            }
            return sizes
        }
    }

    public func referenceProfile(versionID: Int64) throws -> DriftProfile? {
        try read { db in
            try String.fetchOne(db, literal: "SELECT profile FROM model_profiles WHERE version_id = \(versionID)").map(Self.decodeProfile)
        }
    }

    /// Adds one process's served profiles (version → window → profile) to the stored ones.
    public func recordServeProfiles(_ profiles: [Int64: [Int64: DriftProfile]]) throws {
        guard !profiles.isEmpty else { return }
        var random = SystemRandomNumberGenerator()
        try write { db in
            for (versionID, windows) in profiles {
                for (window, profile) in windows {
                    var total = profile
                    if let stored = try String.fetchOne(db, literal: """
                        SELECT profile FROM serve_profiles WHERE version_id = \(versionID) AND window_start = \(window)
                        """) {
                        total = try Self.decodeProfile(stored)
                        total.merge(profile, using: &random)
                    }
                    try db.execute(literal: """
                        INSERT INTO serve_profiles (version_id, window_start, profile) VALUES (\(versionID), \(window), \(try Self.encodeProfile(total)))
                        ON CONFLICT (version_id, window_start) DO UPDATE SET profile = excluded.profile
                        """)
                }
            }
        }
    }

    /// What a version saw served since `since`, windows merged.
    public func servedProfile(versionID: Int64, since: Date) throws -> DriftProfile {
        let from = Int64(since.timeIntervalSince1970) / Self.driftWindowSeconds * Self.driftWindowSeconds
        return try read { db in
            var random = DriftStatistics.SplitMix(seed: UInt64(versionID))
            var total = DriftProfile()
            for text in try String.fetchAll(db, literal: """
                SELECT profile FROM serve_profiles WHERE version_id = \(versionID) AND window_start >= \(from) ORDER BY window_start
                """) {
                total.merge(try Self.decodeProfile(text), using: &random)
            }
            return total
        }
    }

    /// Versions served since `since` that have a reference profile.
    public func servedVersionsWithReference(since: Date) throws -> [Int64] {
        let from = Int64(since.timeIntervalSince1970) / Self.driftWindowSeconds * Self.driftWindowSeconds
        return try read { db in
            try Int64.fetchAll(db, literal: """
                SELECT DISTINCT s.version_id FROM serve_profiles s JOIN model_profiles p ON p.version_id = s.version_id
                WHERE s.window_start >= \(from) ORDER BY s.version_id
                """)
        }
    }

    /// Stores a report; when it turns a version's verdict to drift, a drift.alert is queued with it.
    /// Skipped (false) when another process stored one within `freshness`.
    @discardableResult
    public func recordDriftReport(versionID: Int64, report: DriftReport, now: Date = Date(), freshness: TimeInterval = 0) throws -> Bool {
        let text = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        return try write { db in
            let previous = try SQLRow.fetchOne(db, literal: """
                SELECT verdict, computed_at FROM drift_reports WHERE version_id = \(versionID) ORDER BY id DESC LIMIT 1
                """)
            if let previous, freshness > 0, now.timeIntervalSince(previous["computed_at"] as Date) < freshness { return false }
            try db.execute(literal: """
                INSERT INTO drift_reports (version_id, computed_at, verdict, report) VALUES (\(versionID), \(now), \(report.verdict.rawValue), \(text))
                """)
            if report.verdict == .drift, (previous?["verdict"] as String?) != DriftReport.Verdict.drift.rawValue,
               let version = try fetchModelVersion(db, id: versionID) {
                let worst = report.features.filter { ($0.psi ?? 0) > DriftReport.psiDrift }.map(\.name)
                try Self.emit(db, RegistryEvent("drift", "alert", [
                    "name": .text(version.modelName), "version": .text(String(version.version)),
                    "max_psi": report.maxPSI.map(EventValue.number) ?? .null, "features": .list(worst.map(EventValue.text)),
                    "embedding_p_value": report.embeddingPValue.map(EventValue.number) ?? .null,
                    "served_observations": .integer(report.servedObservations),
                ]))
            }
            // Only the latest few per version are read; older ones go.
            try db.execute(literal: """
                DELETE FROM drift_reports WHERE version_id = \(versionID)
                  AND id NOT IN (SELECT id FROM drift_reports WHERE version_id = \(versionID) ORDER BY id DESC LIMIT 100)
                """)
            return true
        }
    }

    /// Each version's latest report (for /metrics and the model pages).
    public func latestDriftReports(modelID: Int64? = nil) throws -> [DriftRecord] {
        try read { db in try Self.latestDriftReports(db, modelID: modelID, since: nil) }
    }

    /// Each version's latest report, those computed since `since` only (nil: all).
    static func latestDriftReports(_ db: StoreConnection, modelID: Int64?, since: Date?) throws -> [DriftRecord] {
        try SQLRow.fetchAll(db, literal: """
            SELECT d.version_id, d.computed_at, d.report, v.version, m.name FROM drift_reports d
            JOIN model_versions v ON v.id = d.version_id JOIN registered_models m ON m.id = v.model_id
            WHERE d.id IN (SELECT MAX(id) FROM drift_reports GROUP BY version_id)
              AND (CAST(\(modelID) AS BIGINT) IS NULL OR v.model_id = \(modelID)) AND (CAST(\(since) AS TEXT) IS NULL OR d.computed_at >= \(since))
            ORDER BY m.name, v.version
            """).map { row in
            DriftRecord(modelName: row["name"], versionId: row["version_id"], version: row["version"], computedAt: row["computed_at"],
                        report: try JSONDecoder().decode(DriftReport.self, from: Data((row["report"] as String).utf8)))
        }
    }

    static func decodeProfile(_ text: String) throws -> DriftProfile {
        do {
            return try JSONDecoder().decode(DriftProfile.self, from: Data(text.utf8))
        } catch {
            throw StoreError.corrupt("drift profile: \(error)")
        }
    }

    static func encodeProfile(_ profile: DriftProfile) throws -> String {
        String(decoding: try JSONEncoder().encode(profile), as: UTF8.self)
    }
}
