// Stage moves, aliases and transition requests: each change one transaction, with its history row
// and its audit line, so the registry and its history can never disagree.
import Domain
import Foundation

extension AppDatabase {
    /// Moves a version to `target`. Refuses moves the stage rules forbid; a version with an artifact
    /// enters Production only when `artifact` (read and hashed before this call) has the recorded
    /// sha256 and is still unchanged. With `archiveExisting`, the model's other versions in `target`
    /// move to Archived in the same transaction.
    public func transitionStage(versionID: Int64, to target: ModelStage, archiveExisting: Bool, reason rawReason: String,
                                by who: Attribution, artifact: ArtifactReading?) throws -> ModelVersion {
        try write { db in
            try moveStage(db, versionID: versionID, to: target, archiveExisting: archiveExisting,
                          reason: rawReason.trimmingCharacters(in: .whitespacesAndNewlines), requestID: nil, by: who,
                          artifact: artifact)
        }
    }

    public func stageHistory(versionID: Int64) throws -> [StageTransition] {
        try read { db in
            try StageTransition.fetchAll(db, literal: "SELECT * FROM stage_transitions WHERE version_id = \(versionID) ORDER BY id")
        }
    }

    /// The model's versions now in `stage`, newest first.
    public func versions(modelID: Int64, in stage: ModelStage) throws -> [ModelVersion] {
        try read { db in
            try ModelVersion.fetchAll(db, literal: """
                \(ModelVersion.selection)
                WHERE v.model_id = \(modelID) AND v.stage = \(stage.rawValue) ORDER BY v.version DESC
                """)
        }
    }

    // MARK: - Aliases

    /// Points `alias` at the version (moving it if it pointed elsewhere) and records the move.
    public func setAlias(_ alias: String, versionID: Int64, by who: Attribution) throws {
        if let problem = AliasName.problem(alias) { throw StoreError.invalid(field: "alias", message: problem) }
        try write { db in
            guard let version = try fetchModelVersion(db, id: versionID) else { throw StoreError.notFound(entity: "model version") }
            let previous = try Int.fetchOne(db, literal: """
                SELECT v.version FROM model_aliases a JOIN model_versions v ON v.id = a.version_id
                WHERE a.model_id = \(version.modelId) AND a.alias = \(alias)
                """)
            guard previous != version.version else { return }
            try db.execute(literal: """
                INSERT INTO model_aliases (model_id, alias, version_id, updated_at) VALUES (\(version.modelId), \(alias), \(versionID), \(Date()))
                ON CONFLICT (model_id, alias) DO UPDATE SET version_id = excluded.version_id, updated_at = excluded.updated_at
                """)
            try recordAlias(db, modelID: version.modelId, alias: alias, version: version.version, previous: previous, by: who)
            try Self.appendAudit(db, by: who, action: "model.alias.set", target: "model:\(version.modelId)",
                                 detail: "\(alias) → v\(version.version)" + (previous.map { " (was v\($0))" } ?? ""))
        }
    }

    public func deleteAlias(_ alias: String, modelID: Int64, by who: Attribution) throws {
        try write { db in
            guard let previous = try Int.fetchOne(db, literal: """
                SELECT v.version FROM model_aliases a JOIN model_versions v ON v.id = a.version_id
                WHERE a.model_id = \(modelID) AND a.alias = \(alias)
                """) else { throw StoreError.notFound(entity: "alias") }
            try db.execute(literal: "DELETE FROM model_aliases WHERE model_id = \(modelID) AND alias = \(alias)")
            try recordAlias(db, modelID: modelID, alias: alias, version: nil, previous: previous, by: who)
            try Self.appendAudit(db, by: who, action: "model.alias.deleted", target: "model:\(modelID)", detail: "\(alias) (was v\(previous))")
        }
    }

    /// alias → version number, for one model.
    public func aliases(modelID: Int64) throws -> [String: Int] {
        try read { db in
            let rows = try SQLRow.fetchAll(db, literal: """
                SELECT a.alias, v.version FROM model_aliases a JOIN model_versions v ON v.id = a.version_id
                WHERE a.model_id = \(modelID) ORDER BY a.alias
                """)
            return Dictionary(uniqueKeysWithValues: rows.map { ($0[0] as String, $0[1] as Int) })
        }
    }

    public func aliasHistory(modelID: Int64) throws -> [AliasChange] {
        try read { db in
            try AliasChange.fetchAll(db, literal: "SELECT * FROM alias_history WHERE model_id = \(modelID) ORDER BY id")
        }
    }

    // MARK: - Requests

    /// Someone without the right to move stages asks an admin to; the request waits as pending.
    public func requestTransition(versionID: Int64, to target: ModelStage, archiveExisting: Bool, reason rawReason: String,
                                  by who: Attribution) throws -> TransitionRequest {
        let reason = rawReason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw StoreError.invalid(field: "reason", message: "Say why the version should move.") }
        return try write { db in
            guard let version = try fetchModelVersion(db, id: versionID) else { throw StoreError.notFound(entity: "model version") }
            let current = version.stage
            if let refusal = current.refusal(movingTo: target) { throw StoreError.invalid(field: "stage", message: refusal) }
            let request = try TransitionRequest.fetchOne(db, literal: """
                INSERT INTO transition_requests (version_id, to_stage, archive_existing, reason, requested_by, requested_by_name, requested_at)
                VALUES (\(versionID), \(target.rawValue), \(archiveExisting), \(reason), \(who.userID), \(who.username), \(Date()))
                RETURNING *
                """)!
            try Self.emit(db, RegistryEvent("transition_request", "created", [
                "name": .text(version.modelName), "version": .text(String(version.version)), "to_stage": .text(target.rawValue),
                "reason": .text(reason), "requested_by": .text(who.username),
            ]))
            try Self.appendAudit(db, by: who, action: "model.transition.requested", target: "model:\(version.modelId)",
                                 detail: "v\(version.version) \(current.rawValue) → \(target.rawValue): \(reason)")
            return request
        }
    }

    /// An admin approves (performing the move, as one transaction with the decision) or rejects.
    public func decideTransitionRequest(id: Int64, approve: Bool, comment rawComment: String, by who: Attribution,
                                        artifact: ArtifactReading?) throws -> TransitionRequest {
        let comment = rawComment.trimmingCharacters(in: .whitespacesAndNewlines)
        return try write { db in
            guard let request = try TransitionRequest.fetchOne(db, literal: "SELECT * FROM transition_requests WHERE id = \(id)") else {
                throw StoreError.notFound(entity: "transition request")
            }
            guard request.state == .pending else {
                throw StoreError.invalid(field: "request", message: "This request was already \(request.state.rawValue).")
            }
            if approve {
                let reason = "approved request by \(request.requestedByName): \(request.reason)" + (comment.isEmpty ? "" : " — \(comment)")
                _ = try moveStage(db, versionID: request.versionId, to: request.toStage, archiveExisting: request.archiveExisting,
                                  reason: reason, requestID: id, by: who, artifact: artifact)
            } else {
                guard !comment.isEmpty else { throw StoreError.invalid(field: "comment", message: "Say why the request is rejected.") }
                try Self.appendAudit(db, by: who, action: "model.transition.rejected", target: "request:\(id)", detail: comment)
            }
            if let version = try fetchModelVersion(db, id: request.versionId) {
                try Self.emit(db, RegistryEvent("transition_request", "decided", [
                    "name": .text(version.modelName), "version": .text(String(version.version)), "to_stage": .text(request.toStage.rawValue),
                    "decision": .text(approve ? "approved" : "rejected"), "comment": .text(comment), "decided_by": .text(who.username),
                ]))
            }
            return try TransitionRequest.fetchOne(db, literal: """
                UPDATE transition_requests SET state = \(approve ? "approved" : "rejected"), decided_by_name = \(who.username),
                       decided_at = \(Date()), decision_comment = \(comment)
                WHERE id = \(id) RETURNING *
                """)!
        }
    }

    /// Requests no admin has decided yet, oldest first, with the model and version they are about.
    public func pendingTransitionRequests() throws -> [PendingTransitionRequest] {
        try read { db in
            try SQLRow.fetchAll(db, literal: """
                SELECT r.*, m.name AS model_name, v.version AS version_number
                FROM transition_requests r JOIN model_versions v ON v.id = r.version_id JOIN registered_models m ON m.id = v.model_id
                WHERE r.state = 'pending' ORDER BY r.id
                """).map { row in
                PendingTransitionRequest(request: try TransitionRequest(row: row), modelName: row["model_name"],
                                         versionNumber: row["version_number"])
            }
        }
    }

    public func pendingTransitionRequestCount() throws -> Int {
        try lookup { db in try Int.fetchOne(db, literal: "SELECT COUNT(*) FROM transition_requests WHERE state = 'pending'") ?? 0 }
    }

    public func transitionRequests(versionID: Int64) throws -> [TransitionRequest] {
        try read { db in
            try TransitionRequest.fetchAll(db, literal: "SELECT * FROM transition_requests WHERE version_id = \(versionID) ORDER BY id DESC")
        }
    }

    // MARK: - Inside a write

    func moveStage(_ db: StoreConnection, versionID: Int64, to target: ModelStage, archiveExisting: Bool, reason: String,
                           requestID: Int64?, by who: Attribution, artifact: ArtifactReading?) throws -> ModelVersion {
        guard !reason.isEmpty else { throw StoreError.invalid(field: "reason", message: "Say why the version moves; the reason is kept in its history.") }
        guard let version = try fetchModelVersion(db, id: versionID) else { throw StoreError.notFound(entity: "model version") }
        let current = version.stage
        if let refusal = current.refusal(movingTo: target) { throw StoreError.invalid(field: "stage", message: refusal) }
        if target == .production { try Self.checkArtifact(of: version, artifact) }
        var archived: [Int] = []
        if archiveExisting && target != .archived {
            let others = try ModelVersion.fetchAll(db, literal: """
                \(ModelVersion.selection)
                WHERE v.model_id = \(version.modelId) AND v.stage = \(target.rawValue) AND v.id != \(versionID) ORDER BY v.version
                """)
            for other in others {
                try db.execute(literal: "UPDATE model_versions SET stage = 'Archived' WHERE id = \(other.id)")
                try db.execute(literal: """
                    INSERT INTO stage_transitions (version_id, from_stage, to_stage, user_id, username, at, reason, request_id)
                    VALUES (\(other.id), \(target.rawValue), 'Archived', \(who.userID), \(who.username), \(Date()),
                            \("archived: version \(version.version) moved to \(target.rawValue)"), \(requestID))
                    """)
                archived.append(other.version)
                try Self.emit(db, Self.stageMoved(other, from: target, to: .archived, reason: "archived: version \(version.version) moved to \(target.rawValue)"))
            }
        }
        try db.execute(literal: "UPDATE model_versions SET stage = \(target.rawValue) WHERE id = \(versionID)")
        try db.execute(literal: "UPDATE registered_models SET updated_at = \(Date()) WHERE id = \(version.modelId)")
        let archivedJSON = "[" + archived.map(String.init).joined(separator: ",") + "]"
        try db.execute(literal: """
            INSERT INTO stage_transitions (version_id, from_stage, to_stage, user_id, username, at, reason, archived_versions, request_id)
            VALUES (\(versionID), \(current.rawValue), \(target.rawValue), \(who.userID), \(who.username), \(Date()), \(reason),
                    \(archivedJSON), \(requestID))
            """)
        try Self.emit(db, Self.stageMoved(version, from: current, to: target, reason: reason))
        try Self.appendAudit(db, by: who, action: "model.stage", target: "model:\(version.modelId)",
                             detail: "\(version.modelName) v\(version.version) \(current.rawValue) → \(target.rawValue)"
                                + (archived.isEmpty ? "" : ", archived v" + archived.map(String.init).joined(separator: ", v"))
                                + ": \(reason)")
        return try fetchModelVersion(db, id: versionID)!
    }

    /// A version with a recorded artifact needs a reading of it with that sha256, still unchanged.
    private static func checkArtifact(of version: ModelVersion, _ artifact: ArtifactReading?) throws {
        guard version.artifactPath != nil, let recorded = version.artifactSHA256 else { return }  // an external reference
        guard let found = artifact?.sha256 else { throw StoreError.artifactMissing(version: version.version) }
        guard found == recorded else { throw StoreError.artifactMismatch(version: version.version, recorded: recorded, found: found) }
        guard artifact?.isUnchanged() == true else { throw StoreError.artifactChanged(version: version.version) }
    }

    static func stageMoved(_ version: ModelVersion, from: ModelStage, to: ModelStage, reason: String) -> RegistryEvent {
        RegistryEvent("model_version", "transitioned_stage", [
            "name": .text(version.modelName), "version": .text(String(version.version)),
            "from_stage": .text(from.rawValue), "to_stage": .text(to.rawValue), "reason": .text(reason),
        ])
    }

    func recordAlias(_ db: StoreConnection, modelID: Int64, alias: String, version: Int?, previous: Int?, by who: Attribution,
                     reason: String = "") throws {
        let name = try String.fetchOne(db, literal: "SELECT name FROM registered_models WHERE id = \(modelID)") ?? ""
        if let version {
            try Self.emit(db, RegistryEvent("model_version_alias", "created", ["name": .text(name), "alias": .text(alias), "version": .text(String(version))]))
        } else {
            try Self.emit(db, RegistryEvent("model_version_alias", "deleted", ["name": .text(name), "alias": .text(alias)]))
        }
        try db.execute(literal: """
            INSERT INTO alias_history (model_id, alias, version, previous_version, username, at, reason)
            VALUES (\(modelID), \(alias), \(version), \(previous), \(who.username), \(Date()), \(reason))
            """)
    }
}
