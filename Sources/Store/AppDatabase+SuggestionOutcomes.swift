// What a detector version saves annotators: of its suggestions, how many were kept as they were,
// kept after editing, rejected or are still open, and how many boxes people drew by hand on the
// images where they worked through its suggestions (what it missed).
import Foundation

public struct SuggestionOutcome: Sendable, Equatable {
    public let versionID: Int64
    public let modelName: String
    public let version: Int
    public let acceptedUnchanged: Int
    public let acceptedEdited: Int
    public let rejected: Int
    public let open: Int
    /// Boxes and polygons with no suggestion behind them, on images where at least one of the
    /// version's suggestions was decided.
    public let drawnByHand: Int
}

extension AppDatabase {
    /// Per version, newest first: in one project, or across all of them (`projectID` nil, for /metrics).
    public func suggestionOutcomes(projectID: Int64?) throws -> [SuggestionOutcome] {
        try read { db in try Self.suggestionOutcomes(db, projectID: projectID) }
    }

    static func suggestionOutcomes(_ db: StoreConnection, projectID: Int64?) throws -> [SuggestionOutcome] {
        try SQLRow.fetchAll(db, literal: """
            SELECT b.model_version_id, m.name, v.version,
                   COUNT(*) FILTER (WHERE b.state = 'accepted' AND NOT b.edited) AS unchanged,
                   COUNT(*) FILTER (WHERE b.state = 'accepted' AND b.edited) AS edited,
                   COUNT(*) FILTER (WHERE b.state = 'rejected') AS rejected, COUNT(*) FILTER (WHERE b.state = 'open') AS open,
                   (SELECT COUNT(*) FROM shapes s WHERE s.kind IN ('bbox', 'polygon') AND s.suggestion_id IS NULL
                      AND s.image_id IN (SELECT image_id FROM box_suggestions
                                         WHERE model_version_id = b.model_version_id AND state != 'open')) AS by_hand
            FROM box_suggestions b
            JOIN images i ON i.id = b.image_id
            JOIN model_versions v ON v.id = b.model_version_id JOIN registered_models m ON m.id = v.model_id
            WHERE CAST(\(projectID) AS BIGINT) IS NULL OR i.project_id = \(projectID)
            GROUP BY b.model_version_id, m.name, v.version ORDER BY b.model_version_id DESC
            """).map { row in
            SuggestionOutcome(versionID: row["model_version_id"], modelName: row["name"], version: row["version"],
                              acceptedUnchanged: row["unchanged"], acceptedEdited: row["edited"], rejected: row["rejected"],
                              open: row["open"], drawnByHand: row["by_hand"])
        }
    }
}
