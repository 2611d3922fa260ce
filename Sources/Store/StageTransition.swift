// The registry's history: stage moves, alias moves, and requests for a stage move awaiting an admin.
import Domain
import Foundation

public struct StageTransition: Sendable, Equatable {
    public let id: Int64
    public let versionId: Int64
    public let from: ModelStage
    public let to: ModelStage
    public let username: String
    public let at: Date
    public let reason: String
    /// Version numbers this move sent to Archived (archive-existing).
    public let archivedVersions: [Int]
    /// The request whose approval made this move, if any.
    public let requestId: Int64?
}

extension StageTransition: RowDecodable {
    init(row: SQLRow) throws {
        id = row["id"]
        versionId = row["version_id"]
        from = try ModelStage.decoded(row["from_stage"])
        to = try ModelStage.decoded(row["to_stage"])
        username = row["username"]
        at = row["at"]
        reason = row["reason"]
        let archived: String = row["archived_versions"]
        archivedVersions = (try? JSONDecoder().decode([Int].self, from: Data(archived.utf8))) ?? []
        requestId = row["request_id"]
    }
}

public struct AliasChange: Sendable, Equatable {
    public let alias: String
    /// nil: the alias was deleted.
    public let version: Int?
    public let previousVersion: Int?
    public let username: String
    public let at: Date
    /// Why it moved, when a rollout moved it ("" for a hand move).
    public let reason: String
}

extension AliasChange: RowDecodable {
    init(row: SQLRow) throws {
        alias = row["alias"]
        version = row["version"]
        previousVersion = row["previous_version"]
        username = row["username"]
        at = row["at"]
        reason = row["reason"]
    }
}

public struct TransitionRequest: Sendable, Equatable {
    public enum State: String, Sendable { case pending, approved, rejected }

    public let id: Int64
    public let versionId: Int64
    public let toStage: ModelStage
    public let archiveExisting: Bool
    public let reason: String
    public let requestedByName: String
    public let requestedAt: Date
    public let state: State
    public let decidedByName: String?
    public let decidedAt: Date?
    public let decisionComment: String?
}

/// A pending request with what the admins' inbox shows beside it.
public struct PendingTransitionRequest: Sendable {
    public let request: TransitionRequest
    public let modelName: String
    public let versionNumber: Int
}

extension TransitionRequest: RowDecodable {
    init(row: SQLRow) throws {
        id = row["id"]
        versionId = row["version_id"]
        toStage = try ModelStage.decoded(row["to_stage"])
        archiveExisting = row["archive_existing"]
        reason = row["reason"]
        requestedByName = row["requested_by_name"]
        requestedAt = row["requested_at"]
        guard let state = State(rawValue: row["state"]) else { throw StoreError.corrupt("request state \(row["state"] as String)") }
        self.state = state
        decidedByName = row["decided_by_name"]
        decidedAt = row["decided_at"]
        decisionComment = row["decision_comment"]
    }
}

extension ModelStage {
    static func decoded(_ raw: String) throws -> ModelStage {
        guard let stage = ModelStage(rawValue: raw) else { throw StoreError.corrupt("unknown model stage '\(raw)'") }
        return stage
    }
}
