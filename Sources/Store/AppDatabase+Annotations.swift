// An image's shapes: read them with their revision; replace the whole set when the revision matches.
import Domain
import Foundation

extension AppDatabase {
    /// One statement: the image's revision beside each of its shapes (one row of NULLs when it has none).
    public func annotations(imageID: Int64) throws -> (revision: Int, shapes: [Shape]) {
        try lookup { db in
            let rows = try SQLRow.fetchAll(db, literal: """
                SELECT i.revision AS image_revision, s.* FROM images i LEFT JOIN shapes s ON s.image_id = i.id
                WHERE i.id = \(imageID) ORDER BY s.position
                """)
            guard let first = rows.first else { throw StoreError.notFound(entity: "image") }
            let shapes = try rows.filter { $0.hasValue("id") }.map(ShapeCoding.shape(from:))
            return (first["image_revision"], shapes)
        }
    }

    /// Who saved the image's current revision, and when (nil before its first save; the name is nil
    /// when that account was deleted).
    public func lastSave(imageID: Int64) throws -> (username: String?, at: Date)? {
        try lookup { db in
            guard let row = try SQLRow.fetchOne(db, literal: """
                SELECT u.username, r.saved_at FROM annotation_revisions r
                JOIN images i ON i.id = r.image_id AND i.revision = r.revision
                LEFT JOIN users u ON u.id = r.user_id
                WHERE r.image_id = \(imageID)
                """) else { return nil }
            return (row["username"], row["saved_at"])
        }
    }

    /// Which of the image's shapes a model proposed, as they are saved now.
    public func shapeOrigins(imageID: Int64) throws -> ShapeOrigins {
        try lookup { db in try Self.shapeOrigins(db, imageID: imageID) }
    }

    static func shapeOrigins(_ db: StoreConnection, imageID: Int64) throws -> ShapeOrigins {
        var origins = ShapeOrigins()
        let rows = try SQLRow.fetchAll(db, literal: """
            SELECT s.kind, s.label_id, s.position, s.suggested_by_version_id, s.suggestion_id, b.edited FROM shapes s
            LEFT JOIN box_suggestions b ON b.id = s.suggestion_id
            WHERE s.image_id = \(imageID) AND (s.suggested_by_version_id IS NOT NULL OR s.suggestion_id IS NOT NULL)
            """)
        for row in rows {
            let version: Int64? = row["suggested_by_version_id"]
            if row["kind"] as String == "tag" {
                if let version { origins.tagVersions[row["label_id"]] = version }
            } else if let suggestion = row["suggestion_id"] as Int64? {
                origins.boxSuggestions[row["position"]] = suggestion
                origins.suggestionVersions[suggestion] = version
                if row["edited"] as Bool? == true { origins.editedSuggestions.insert(suggestion) }
            }
        }
        return origins
    }

    /// Replaces the image's shapes in one transaction, if `expectedRevision` is still current: the
    /// shapes are validated against the project's labels and the image's size as they are now, the
    /// revision goes up by one, the whole set is kept as a revision row, and a new image becomes
    /// in progress. Returns the new revision, the stored (clamped) shapes and where they came from.
    /// Annotators cannot change an image while it is submitted or accepted; `canReview` callers can.
    /// `decisions` say which shapes came from a model's suggestion and which box suggestions were
    /// rejected or reopened (see `SuggestionDecisions`).
    public func saveAnnotations(imageID: Int64, expectedRevision: Int, shapes: [Shape], rules: ShapeValidation = ShapeValidation(),
                                canReview: Bool = false, decisions: SuggestionDecisions = SuggestionDecisions(),
                                by who: Attribution) throws -> (revision: Int, shapes: [Shape], origins: ShapeOrigins) {
        try write { db in
            let image = try Self.existingImage(db, id: imageID)
            let current = image.revision
            guard current == expectedRevision else { throw StoreError.staleRevision(current: current) }
            guard ReviewFlow.mayEdit(image.status, canReview: canReview) else {
                throw StoreError.wrongStatus(current: image.status, action: "changed by an annotator; a reviewer can reject it to reopen it")
            }
            let valid = try Self.validated(db, shapes: shapes, on: image, rules: rules)
            for versionID in Set(decisions.origins.tagVersions.values)
            where try Int.fetchOne(db, literal: "SELECT 1 FROM model_versions WHERE id = \(versionID)") == nil {
                throw StoreError.invalid(field: "suggested_by_version_id", message: "There is no model version \(versionID).")
            }
            var origins = decisions.origins
            origins.suggestionVersions = try Self.decideSuggestions(db, imageID: imageID, shapes: valid, decisions: decisions)
            let revision = try Self.replaceShapes(db, image: image, with: valid, origins: origins, by: who)
            return (revision, valid, try Self.shapeOrigins(db, imageID: imageID))
        }
    }

    /// The shapes checked against the project's labels and the image's size as they are now (and
    /// clamped to it), or the first rule they break as `StoreError.invalid` naming the shape's field.
    static func validated(_ db: StoreConnection, shapes: [Shape], on image: ImageRecord, rules: ShapeValidation) throws -> [Shape] {
        let labels = try Label.fetchAll(db, literal: "SELECT * FROM labels WHERE project_id = \(image.projectId)")
        do {
            return try rules.validated(shapes, width: image.width, height: image.height, labels: Set(labels.map(\.id)),
                                       schemas: Dictionary(uniqueKeysWithValues: labels.map { ($0.id, $0.attributes) }))
        } catch let violation as ShapeRuleViolation {
            throw StoreError.invalid(field: violation.field, message: violation.message)
        }
    }

    /// Writes `shapes` (already valid) as the image's whole set under the next revision, keeps the
    /// set as a revision row, and moves the status on as a save does. Returns the new revision.
    @discardableResult
    static func replaceShapes(_ db: StoreConnection, image: ImageRecord, with valid: [Shape], origins: ShapeOrigins = ShapeOrigins(),
                              by who: Attribution) throws -> Int {
        try db.execute(literal: "DELETE FROM shapes WHERE image_id = \(image.id)")
        let rows: [[SQLValue]] = valid.enumerated().map { position, shape in
            let values = ShapeCoding.attributesJSON(shape.attributes)?.sqlValue ?? .null
            switch shape {
            case .box(let label, let x, let y, let w, let h, _):
                let suggestion = origins.boxSuggestions[position]
                return [image.id.sqlValue, label.sqlValue, "bbox".sqlValue, x.sqlValue, y.sqlValue, w.sqlValue, h.sqlValue, .null,
                        position.sqlValue, suggestion?.sqlValue ?? .null, suggestion.flatMap { origins.suggestionVersions[$0] }?.sqlValue ?? .null, values]
            case .polygon(let label, let points, _):
                return [image.id.sqlValue, label.sqlValue, "polygon".sqlValue, .null, .null, .null, .null, ShapeCoding.pointsJSON(points).sqlValue,
                        position.sqlValue, .null, .null, values]
            case .tag(let label, _):
                return [image.id.sqlValue, label.sqlValue, "tag".sqlValue, .null, .null, .null, .null, .null,
                        position.sqlValue, .null, origins.tagVersions[label]?.sqlValue ?? .null, values]
            }
        }
        // A save (or an import) runs one statement per hundred shapes, not one per shape.
        try db.insertRows("""
            INSERT INTO shapes (image_id, label_id, kind, x, y, w, h, points, position, suggestion_id, suggested_by_version_id, attributes) VALUES
            """, rows)
        let revision = image.revision + 1
        try db.execute(literal: """
            UPDATE images SET revision = \(revision), status = \(ReviewFlow.statusAfterSave(image.status).rawValue) WHERE id = \(image.id)
            """)
        try db.execute(literal: """
            INSERT INTO annotation_revisions (image_id, revision, user_id, saved_at, shapes)
            VALUES (\(image.id), \(revision), \(who.userID), \(Date()), \(ShapeCoding.setJSON(valid)))
            """)
        return revision
    }
}
