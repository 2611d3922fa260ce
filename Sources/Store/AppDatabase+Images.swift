// Images: record an upload (once per project), fetch one, page through a project's, count by status.
import Domain
import Foundation

extension AppDatabase {
    /// Inserts the image, or returns the project's existing image with the same bytes and
    /// `duplicate: true` (nothing is written then).
    public func addImage(_ new: NewImage, by who: Attribution) throws -> (image: ImageRecord, duplicate: Bool) {
        try write { db in try Self.insertImage(db, new, by: who) }
    }

    /// The same inside a caller's transaction.
    static func insertImage(_ db: StoreConnection, _ new: NewImage, by who: Attribution) throws -> (image: ImageRecord, duplicate: Bool) {
        if let existing = try ImageRecord.fetchOne(
            db, literal: "SELECT * FROM images WHERE project_id = \(new.projectId) AND sha256 = \(new.sha256)") {
            return (existing, true)
        }
        // The same bytes uploaded at once through two workers (or hosts): both found none above, and
        // the unique key lets one insert. The other inserts nothing and runs again (a retryable
        // conflict), when the check above finds the winner's image.
        guard let image = try ImageRecord.fetchOne(
            db,
            literal: """
                INSERT INTO images (project_id, file_name, sha256, format, byte_size, width, height, orientation,
                                    original_path, thumbnail_path, display_path, tile_levels, status, uploaded_by, uploaded_at)
                VALUES (\(new.projectId), \(new.fileName), \(new.sha256), \(new.format), \(new.byteSize), \(new.width),
                        \(new.height), \(new.orientation), \(new.originalPath), \(new.thumbnailPath), \(new.displayPath),
                        \(new.tileLevels), 'new', \(who.userID), \(Date()))
                ON CONFLICT (project_id, sha256) DO NOTHING
                RETURNING *
                """) else {
            throw SQLFailure.retryableConflict("image \(new.sha256) in project \(new.projectId) was uploaded at the same time")
        }
        try db.insertRows("INSERT INTO image_tiles (image_id, level, x, y, path) VALUES", new.tiles.map {
            [image.id.sqlValue, $0.level.sqlValue, $0.x.sqlValue, $0.y.sqlValue, $0.path.sqlValue]
        })
        return (image, false)
    }

    /// The file of one tile of the image's pyramid, or nil when there is no such tile.
    public func tilePath(imageID: Int64, level: Int, x: Int, y: Int) throws -> String? {
        try lookup { db in
            try String.fetchOne(db, literal: "SELECT path FROM image_tiles WHERE image_id = \(imageID) AND level = \(level) AND x = \(x) AND y = \(y)")
        }
    }

    public func image(id: Int64) throws -> ImageRecord? {
        try lookup { db in try ImageRecord.fetchOne(db, literal: "SELECT * FROM images WHERE id = \(id)") }
    }

    /// One keyset page in upload order: images with id > `afterID`, optionally of one status.
    /// Stable while uploads continue: new images only ever appear after the last page.
    /// For a page of the gallery: each image's drawn shapes and tags, and who holds it now (if anyone).
    public func galleryDetails(imageIDs: [Int64]) throws -> [Int64: GalleryDetail] {
        guard !imageIDs.isEmpty else { return [:] }
        return try lookup { db in
            let rows = try SQLRow.fetchAll(db, literal: """
                SELECT i.id,
                       (SELECT COUNT(*) FROM shapes s WHERE s.image_id = i.id AND s.kind != 'tag') AS shape_count,
                       (SELECT COUNT(*) FROM shapes s WHERE s.image_id = i.id AND s.kind = 'tag') AS tag_count,
                       (SELECT u.username FROM image_holds h JOIN users u ON u.id = h.user_id
                        WHERE h.image_id = i.id AND h.expires_at > \(Date())) AS held_by
                FROM images i WHERE i.id IN \(imageIDs)
                """)
            return Dictionary(uniqueKeysWithValues: rows.map { row in
                (row["id"] as Int64, GalleryDetail(shapeCount: row["shape_count"], tagCount: row["tag_count"], heldBy: row["held_by"]))
            })
        }
    }

    /// Those of `ids` that belong to the project, in id order.
    public func images(ids: [Int64], projectID: Int64) throws -> [ImageRecord] {
        guard !ids.isEmpty else { return [] }
        return try lookup { db in
            try ImageRecord.fetchAll(db, literal: "SELECT * FROM images WHERE project_id = \(projectID) AND id IN \(ids) ORDER BY id")
        }
    }

    public func images(projectID: Int64, status: ImageStatus?, afterID: Int64, limit: Int) throws -> [ImageRecord] {
        try lookup { db in
            if let status {
                return try ImageRecord.fetchAll(
                    db,
                    literal: """
                        SELECT * FROM images WHERE project_id = \(projectID) AND status = \(status.rawValue) AND id > \(afterID)
                        ORDER BY id LIMIT \(limit)
                        """)
            }
            return try ImageRecord.fetchAll(
                db, literal: "SELECT * FROM images WHERE project_id = \(projectID) AND id > \(afterID) ORDER BY id LIMIT \(limit)")
        }
    }

    /// How many images of the project are in each status (every status present, zeros included).
    public func imageCounts(projectID: Int64) throws -> [ImageStatus: Int] {
        try lookup { db in
            var counts = Dictionary(uniqueKeysWithValues: ImageStatus.allCases.map { ($0, 0) })
            let rows = try SQLRow.fetchAll(
                db, literal: "SELECT status, COUNT(*) AS n FROM images WHERE project_id = \(projectID) GROUP BY status")
            for row in rows {
                if let status = ImageStatus(rawValue: row["status"]) { counts[status] = row["n"] }
            }
            return counts
        }
    }
}

extension AppDatabase {
    /// The images just before and after `image` in its project's upload order, optionally among
    /// those of one status: the editor's previous and next.
    public func neighbors(of image: ImageRecord, status: ImageStatus?) throws -> (previous: Int64?, next: Int64?) {
        try read { db in
            let filter: SQLQuery = status.map { "AND status = \($0.rawValue)" } ?? ""
            let previous = try Int64.fetchOne(db, literal: """
                SELECT id FROM images WHERE project_id = \(image.projectId) \(filter) AND id < \(image.id) ORDER BY id DESC LIMIT 1
                """)
            let next = try Int64.fetchOne(db, literal: """
                SELECT id FROM images WHERE project_id = \(image.projectId) \(filter) AND id > \(image.id) ORDER BY id LIMIT 1
                """)
            return (previous, next)
        }
    }
}

/// What a gallery tile shows beside the thumbnail.
public struct GalleryDetail: Sendable, Equatable {
    public let shapeCount: Int
    public let tagCount: Int
    /// The user labelling the image right now.
    public let heldBy: String?
}
