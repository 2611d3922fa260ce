// A project's labels: create, list, change, reorder, delete (refused while shapes use one, unless reassigned).
import Domain
import Foundation

extension AppDatabase {
    public func createLabel(projectID: Int64, name rawName: String, color: String, hotkey: String?, attributes: [AttributeSpec] = [],
                            by who: Attribution) throws -> Label {
        let (name, color, hotkey) = try Self.validLabel(name: rawName, color: color, hotkey: hotkey)
        let schema = try Self.validSchema(attributes)
        return try write { db in
            guard try Int.fetchOne(db, literal: "SELECT 1 FROM projects WHERE id = \(projectID)") != nil else {
                throw StoreError.notFound(entity: "project")
            }
            try Self.checkLabelUnique(db, projectID: projectID, name: name, hotkey: hotkey, except: nil)
            let label = try Label.fetchOne(
                db,
                literal: """
                    INSERT INTO labels (project_id, name, color, hotkey, created_at, position, attributes)
                    VALUES (\(projectID), \(name), \(color), \(hotkey), \(Date()), \(Self.nextLabelPosition(projectID)),
                            \(ShapeCoding.schemaJSON(schema))) RETURNING *
                    """)!
            try Self.appendAudit(db, by: who, action: "label.created", target: "project:\(projectID)", detail: name)
            return label
        }
    }

    /// In the order the data team set (new labels last).
    public func labels(projectID: Int64) throws -> [Label] {
        try read { db in
            try Label.fetchAll(db, literal: "SELECT * FROM labels WHERE project_id = \(projectID) ORDER BY position, id")
        }
    }

    /// Puts the project's labels in the given order; `labelIDs` must name each of them exactly once.
    public func reorderLabels(projectID: Int64, labelIDs: [Int64], by who: Attribution) throws -> [Label] {
        try write { db in
            let current = try Int64.fetchAll(db, literal: "SELECT id FROM labels WHERE project_id = \(projectID)")
            guard labelIDs.count == current.count, Set(labelIDs) == Set(current) else {
                throw StoreError.invalid(field: "label_ids", message: "List every label of this project exactly once, in the new order.")
            }
            for (position, id) in labelIDs.enumerated() {
                try db.execute(literal: "UPDATE labels SET position = \(position + 1) WHERE id = \(id)")
            }
            try Self.appendAudit(db, by: who, action: "label.reordered", target: "project:\(projectID)")
            return try Label.fetchAll(db, literal: "SELECT * FROM labels WHERE project_id = \(projectID) ORDER BY position, id")
        }
    }

    /// A new label's place: after every other label of the project.
    static func nextLabelPosition(_ projectID: Int64) -> SQLQuery {
        "(SELECT COALESCE(MAX(position), 0) + 1 FROM labels WHERE project_id = \(projectID))"
    }

    public func label(id: Int64) throws -> Label? {
        try lookup { db in try Label.fetchOne(db, literal: "SELECT * FROM labels WHERE id = \(id)") }
    }

    /// Changes what is given; `hotkey: .some(nil)` clears the hotkey. New `attributes` replace the
    /// label's; values its shapes hold that no longer fit are dropped in the same transaction.
    public func updateLabel(id: Int64, name: String?, color: String?, hotkey: String??, suggestionThreshold: Double?,
                            attributes: [AttributeSpec]? = nil, by who: Attribution) throws -> Label {
        let schema = try attributes.map(Self.validSchema)
        return try write { db in
            guard var label = try Label.fetchOne(db, literal: "SELECT * FROM labels WHERE id = \(id)") else {
                throw StoreError.notFound(entity: "label")
            }
            let (newName, newColor, newHotkey) = try Self.validLabel(
                name: name ?? label.name, color: color ?? label.color, hotkey: hotkey ?? label.hotkey)
            try Self.checkLabelUnique(db, projectID: label.projectId, name: newName, hotkey: newHotkey, except: id)
            let threshold = suggestionThreshold ?? label.suggestionThreshold
            guard threshold.isFinite, (0...1).contains(threshold) else {
                throw StoreError.invalid(field: "suggestion_threshold", message: "A suggestion threshold is a score from 0 to 1.")
            }
            (label.name, label.color, label.hotkey, label.suggestionThreshold) = (newName, newColor, newHotkey, threshold)
            try db.execute(literal: """
                UPDATE labels SET name = \(newName), color = \(newColor), hotkey = \(newHotkey), suggestion_threshold = \(threshold)
                WHERE id = \(id)
                """)
            if let schema, schema != label.attributes {
                label.attributes = schema
                try db.execute(literal: "UPDATE labels SET attributes = \(ShapeCoding.schemaJSON(schema)) WHERE id = \(id)")
                try Self.conformShapes(db, labelID: id, to: schema)
            }
            try Self.appendAudit(db, by: who, action: "label.updated", target: "project:\(label.projectId)", detail: newName)
            return label
        }
    }

    /// Deletes a label. While shapes use it this is refused, unless `reassignTo` names another label
    /// of the same project that takes them over (a tag already on an image is not doubled).
    public func deleteLabel(id: Int64, reassignTo: Int64?, by who: Attribution) throws {
        try write { db in
            guard let label = try Label.fetchOne(db, literal: "SELECT * FROM labels WHERE id = \(id)") else {
                throw StoreError.notFound(entity: "label")
            }
            let used = try Int.fetchOne(db, literal: "SELECT COUNT(*) FROM shapes WHERE label_id = \(id)") ?? 0
            if used > 0 {
                guard let target = reassignTo else { throw StoreError.inUse(entity: "label", count: used) }
                guard target != id, try Int.fetchOne(
                    db, literal: "SELECT 1 FROM labels WHERE id = \(target) AND project_id = \(label.projectId)") != nil
                else { throw StoreError.invalid(field: "reassign_to", message: "Reassign to another label of the same project.") }
                try db.execute(literal: """
                    DELETE FROM shapes WHERE label_id = \(id) AND kind = 'tag'
                    AND image_id IN (SELECT image_id FROM shapes WHERE label_id = \(target) AND kind = 'tag')
                    """)
                try db.execute(literal: "UPDATE shapes SET label_id = \(target) WHERE label_id = \(id)")
                let targetSchema = try Label.fetchOne(db, literal: "SELECT * FROM labels WHERE id = \(target)")?.attributes ?? []
                try Self.conformShapes(db, labelID: target, to: targetSchema)
            }
            try db.execute(literal: "DELETE FROM labels WHERE id = \(id)")
            try Self.appendAudit(db, by: who, action: "label.deleted", target: "project:\(label.projectId)",
                                 detail: reassignTo.map { used > 0 ? "\(label.name), \(used) shapes reassigned to label \($0)" : label.name } ?? label.name)
        }
    }

    /// The attributes tidied, or the first problem as `StoreError.invalid` naming its field.
    static func validSchema(_ specs: [AttributeSpec]) throws -> [AttributeSpec] {
        do { return try specs.validatedSchema() } catch { throw StoreError.invalid(field: error.field, message: error.message) }
    }

    /// Drops the values the label's shapes hold that no longer fit its attributes.
    static func conformShapes(_ db: StoreConnection, labelID: Int64, to schema: [AttributeSpec]) throws {
        let rows = try SQLRow.fetchAll(db, literal: "SELECT id, attributes FROM shapes WHERE label_id = \(labelID) AND attributes IS NOT NULL")
        for row in rows {
            let values = try ShapeCoding.attributes(fromJSON: row["attributes"])
            let kept = schema.conforming(values)
            guard kept != values else { continue }
            try db.execute(literal: "UPDATE shapes SET attributes = \(ShapeCoding.attributesJSON(kept)) WHERE id = \(row["id"] as Int64)")
        }
    }

    /// `field` names the name's place in the request, for the error.
    static func validLabel(name raw: String, color: String, hotkey: String?, field: String = "name") throws -> (String, String, String?) {
        let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...64).contains(name.count) else { throw StoreError.invalid(field: field, message: "A label name is 1–64 characters.") }
        let hexDigits = CharacterSet(charactersIn: "0123456789abcdefABCDEF")
        guard color.count == 7, color.hasPrefix("#"), color.dropFirst().unicodeScalars.allSatisfy(hexDigits.contains) else {
            throw StoreError.invalid(field: "color", message: "A colour is #rrggbb, e.g. #e5484d.")
        }
        if let hotkey, !(hotkey.count == 1 && ("1"..."9").contains(hotkey)) {
            throw StoreError.invalid(field: "hotkey", message: "A hotkey is one digit from 1 to 9.")
        }
        return (name, color.lowercased(), hotkey)
    }

    private static func checkLabelUnique(_ db: StoreConnection, projectID: Int64, name: String, hotkey: String?, except: Int64?) throws {
        let other = except ?? 0
        if try Int.fetchOne(db, literal: "SELECT 1 FROM labels WHERE project_id = \(projectID) AND name = \(name) AND id != \(other)") != nil {
            throw StoreError.duplicate(field: "name", value: name)
        }
        if let hotkey, try Int.fetchOne(
            db, literal: "SELECT 1 FROM labels WHERE project_id = \(projectID) AND hotkey = \(hotkey) AND id != \(other)") != nil {
            throw StoreError.duplicate(field: "hotkey", value: hotkey)
        }
    }
}
