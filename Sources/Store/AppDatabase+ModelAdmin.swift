// Registered models and versions managed directly (the MLflow API's verbs): create, rename, describe,
// tag, delete. Each change is one transaction with its audit line.
import Domain
import Foundation

extension AppDatabase {
    /// A new, empty registered model; `duplicate` when the name is taken.
    public func createRegisteredModel(name rawName: String, description: String, tags: [String: String], by who: Attribution) throws -> RegisteredModel {
        let name = rawName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...100).contains(name.count) else { throw StoreError.invalid(field: "name", message: "A model needs a name of 1 to 100 characters.") }
        return try write { db in
            if try Int.fetchOne(db, literal: "SELECT 1 FROM registered_models WHERE name = \(name)") != nil {
                throw StoreError.duplicate(field: "name", value: name)
            }
            let now = Date()
            let model = try RegisteredModel.fetchOne(db, literal: """
                INSERT INTO registered_models (name, description, created_by, created_at, updated_at)
                VALUES (\(name), \(description), \(who.userID), \(now), \(now)) RETURNING *
                """)!
            for (key, value) in tags { try putTag(db, .model, id: model.id, key: key, value: value) }
            try Self.appendAudit(db, by: who, action: "model.created", target: "model:\(model.id)", detail: name)
            try Self.emit(db, RegistryEvent("registered_model", "created", [
                "name": .text(name), "description": .text(description), "tags": .object(tags.mapValues(EventValue.text)),
            ]))
            return model
        }
    }

    public func renameRegisteredModel(id: Int64, to rawName: String, by who: Attribution) throws -> RegisteredModel {
        let name = rawName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...100).contains(name.count) else { throw StoreError.invalid(field: "new_name", message: "A model needs a name of 1 to 100 characters.") }
        return try write { db in
            if try Int.fetchOne(db, literal: "SELECT 1 FROM registered_models WHERE name = \(name) AND id != \(id)") != nil {
                throw StoreError.duplicate(field: "new_name", value: name)
            }
            guard let model = try RegisteredModel.fetchOne(db, literal: """
                UPDATE registered_models SET name = \(name), updated_at = \(Date()) WHERE id = \(id) RETURNING *
                """) else { throw StoreError.notFound(entity: "registered model") }
            try Self.appendAudit(db, by: who, action: "model.renamed", target: "model:\(id)", detail: name)
            return model
        }
    }

    public func describeRegisteredModel(id: Int64, description: String, by who: Attribution) throws -> RegisteredModel {
        try write { db in
            guard let model = try RegisteredModel.fetchOne(db, literal: """
                UPDATE registered_models SET description = \(description), updated_at = \(Date()) WHERE id = \(id) RETURNING *
                """) else { throw StoreError.notFound(entity: "registered model") }
            try Self.appendAudit(db, by: who, action: "model.described", target: "model:\(id)", detail: Self.clipped(description))
            return model
        }
    }

    public func describeModelVersion(id: Int64, description: String, by who: Attribution) throws -> ModelVersion {
        try write { db in
            try db.execute(literal: "UPDATE model_versions SET description = \(description) WHERE id = \(id)")
            guard db.changesCount == 1, let version = try fetchModelVersion(db, id: id) else { throw StoreError.notFound(entity: "model version") }
            try Self.appendAudit(db, by: who, action: "model.version.described", target: "model:\(version.modelId)",
                                 detail: "v\(version.version): \(Self.clipped(description))")
            return version
        }
    }

    /// Deletes the model with its versions, their history and aliases (artifact files stay on disk).
    public func deleteRegisteredModel(id: Int64, by who: Attribution) throws {
        try write { db in
            guard let name = try String.fetchOne(db, literal: "SELECT name FROM registered_models WHERE id = \(id)") else {
                throw StoreError.notFound(entity: "registered model")
            }
            try db.execute(literal: "DELETE FROM registered_models WHERE id = \(id)")
            try Self.appendAudit(db, by: who, action: "model.deleted", target: "model:\(id)", detail: name)
        }
    }

    public func deleteModelVersion(id: Int64, by who: Attribution) throws {
        try write { db in
            guard let version = try fetchModelVersion(db, id: id) else { throw StoreError.notFound(entity: "model version") }
            try db.execute(literal: "DELETE FROM model_versions WHERE id = \(id)")
            try Self.appendAudit(db, by: who, action: "model.version.deleted", target: "model:\(version.modelId)",
                                 detail: "\(version.modelName) v\(version.version)")
        }
    }

    public func modelVersion(modelID: Int64, number: Int) throws -> ModelVersion? {
        try read { db in
            try ModelVersion.fetchOne(db, literal: """
                \(ModelVersion.selection)
                WHERE v.model_id = \(modelID) AND v.version = \(number)
                """)
        }
    }

    // MARK: - Tags (each write audited, like every other registry write)

    public func setModelTag(modelID: Int64, key: String, value: String, by who: Attribution) throws {
        try write { db in
            try putTag(db, .model, id: modelID, key: key, value: value)
            try Self.appendAudit(db, by: who, action: "model.tag.set", target: "model:\(modelID)", detail: "\(key) = \(Self.clipped(value))")
        }
    }

    public func deleteModelTag(modelID: Int64, key: String, by who: Attribution) throws {
        try write { db in
            try db.execute(literal: "DELETE FROM model_tags WHERE model_id = \(modelID) AND key = \(key)")
            guard db.changesCount > 0 else { return }
            try Self.appendAudit(db, by: who, action: "model.tag.deleted", target: "model:\(modelID)", detail: key)
        }
    }

    public func modelTags(modelID: Int64) throws -> [String: String] {
        try read { db in try tags(db, SQLQuery("SELECT key, value FROM model_tags WHERE model_id = \(modelID)")) }
    }

    public func setVersionTag(versionID: Int64, key: String, value: String, by who: Attribution) throws {
        try write { db in
            guard let version = try fetchModelVersion(db, id: versionID) else { throw StoreError.notFound(entity: "model version") }
            try putTag(db, .version, id: versionID, key: key, value: value)
            try Self.appendAudit(db, by: who, action: "model.version.tag.set", target: "model:\(version.modelId)",
                                 detail: "v\(version.version): \(key) = \(Self.clipped(value))")
        }
    }

    public func deleteVersionTag(versionID: Int64, key: String, by who: Attribution) throws {
        try write { db in
            guard let version = try fetchModelVersion(db, id: versionID) else { throw StoreError.notFound(entity: "model version") }
            try db.execute(literal: "DELETE FROM model_version_tags WHERE version_id = \(versionID) AND key = \(key)")
            guard db.changesCount > 0 else { return }
            try Self.appendAudit(db, by: who, action: "model.version.tag.deleted", target: "model:\(version.modelId)",
                                 detail: "v\(version.version): \(key)")
        }
    }

    /// Long values (tags take 5,000 characters) are shortened in the audit log's detail.
    static func clipped(_ text: String) -> String {
        text.count <= 200 ? text : String(text.prefix(199)) + "…"
    }

    public func versionTags(versionID: Int64) throws -> [String: String] {
        try read { db in try tags(db, SQLQuery("SELECT key, value FROM model_version_tags WHERE version_id = \(versionID)")) }
    }

    private enum TagOwner { case model, version }

    private func putTag(_ db: StoreConnection, _ owner: TagOwner, id: Int64, key: String, value: String) throws {
        guard (1...250).contains(key.count) else { throw StoreError.invalid(field: "key", message: "A tag key is 1 to 250 characters.") }
        guard value.count <= 5000 else { throw StoreError.invalid(field: "value", message: "A tag value is at most 5,000 characters.") }
        switch owner {
        case .model:
            try db.execute(literal: """
                INSERT INTO model_tags (model_id, key, value) VALUES (\(id), \(key), \(value))
                ON CONFLICT (model_id, key) DO UPDATE SET value = excluded.value
                """)
        case .version:
            try db.execute(literal: """
                INSERT INTO model_version_tags (version_id, key, value) VALUES (\(id), \(key), \(value))
                ON CONFLICT (version_id, key) DO UPDATE SET value = excluded.value
                """)
        }
    }

    private func tags(_ db: StoreConnection, _ sql: SQLQuery) throws -> [String: String] {
        let rows = try SQLRow.fetchAll(db, literal: sql)
        return Dictionary(rows.map { ($0[0] as String, $0[1] as String) }, uniquingKeysWith: { $1 })
    }
}
