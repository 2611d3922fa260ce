// Snapshots: freeze a project's accepted images, their shapes and the labels' names, under a name.
import Domain
import Foundation

extension AppDatabase {
    /// Copies every accepted image of the project with its shapes, and every label, in one
    /// transaction. Nothing refers back to the live rows, so the snapshot never changes.
    public func createSnapshot(projectID: Int64, name rawName: String, by who: Attribution) throws -> Snapshot {
        let name = rawName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 100 else {
            throw StoreError.invalid(field: "name", message: "A snapshot needs a name of 1 to 100 characters.")
        }
        return try write { db in
            guard try Int.fetchOne(db, literal: "SELECT 1 FROM projects WHERE id = \(projectID)") != nil else {
                throw StoreError.notFound(entity: "project")
            }
            if try Int.fetchOne(db, literal: "SELECT 1 FROM snapshots WHERE project_id = \(projectID) AND name = \(name)") != nil {
                throw StoreError.duplicate(field: "name", value: name)
            }
            let id = try Int64.fetchOne(db, literal: """
                INSERT INTO snapshots (project_id, name, created_by, created_at, image_count, shape_count)
                VALUES (\(projectID), \(name), \(who.userID), \(Date()), 0, 0) RETURNING id
                """)!
            try db.execute(literal: """
                INSERT INTO snapshot_labels (snapshot_id, label_id, name, color, attributes)
                SELECT \(id), id, name, color, attributes FROM labels WHERE project_id = \(projectID)
                """)
            try db.execute(literal: """
                INSERT INTO snapshot_images (snapshot_id, image_id, file_name, width, height)
                SELECT \(id), id, file_name, width, height FROM images WHERE project_id = \(projectID) AND status = 'accepted'
                """)
            let images = db.changesCount
            try db.execute(literal: """
                INSERT INTO snapshot_shapes (snapshot_id, image_id, label_id, kind, x, y, w, h, points, position, attributes)
                SELECT \(id), s.image_id, s.label_id, s.kind, s.x, s.y, s.w, s.h, s.points, s.position, s.attributes
                FROM snapshot_images si JOIN shapes s ON s.image_id = si.image_id
                WHERE si.snapshot_id = \(id)
                """)
            let shapes = db.changesCount
            try Self.appendAudit(db, by: who, action: "snapshot.created", target: "project:\(projectID)",
                                 detail: "\(name): \(images) images, \(shapes) shapes")
            return try Snapshot.fetchOne(db, literal: """
                UPDATE snapshots SET image_count = \(images), shape_count = \(shapes) WHERE id = \(id) RETURNING *
                """)!
        }
    }

    public func snapshots(projectID: Int64) throws -> [Snapshot] {
        try lookup { db in try Snapshot.fetchAll(db, literal: "SELECT * FROM snapshots WHERE project_id = \(projectID) ORDER BY id DESC") }
    }

    /// The project's snapshot called `reference`, or else the one whose id it is.
    public func snapshot(projectID: Int64, reference: String) throws -> Snapshot? {
        try read { db in
            if let byName = try Snapshot.fetchOne(
                db, literal: "SELECT * FROM snapshots WHERE project_id = \(projectID) AND name = \(reference)") {
                return byName
            }
            guard let id = Int64(reference) else { return nil }
            return try Snapshot.fetchOne(db, literal: "SELECT * FROM snapshots WHERE project_id = \(projectID) AND id = \(id)")
        }
    }
}
