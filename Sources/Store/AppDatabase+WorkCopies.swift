// Copies: the work a person does alone on an overlap or ground-truth image, kept apart from the
// image's shapes. Which view a person gets of an image, saving and submitting their copy.
import Domain
import Foundation

extension AppDatabase {
    /// The person's own copy of the image when they work on it alone, else nil (they share the image's
    /// shapes): a ground-truth copy once the queue served it to them, and any copy of an overlap image
    /// still collecting work (an empty one until their first save).
    public func workCopy(imageID: Int64, userID: Int64) throws -> WorkCopy? {
        try lookup { db in try Self.workCopy(db, imageID: imageID, userID: userID) }
    }

    static func workCopy(_ db: StoreConnection, imageID: Int64, userID: Int64) throws -> WorkCopy? {
        guard let row = try SQLRow.fetchOne(db, literal: """
            SELECT o.state AS overlap_state, w.kind, w.revision, w.shapes, w.status, w.saved_at
            FROM images i LEFT JOIN overlap_images o ON o.image_id = i.id
            LEFT JOIN work_copies w ON w.image_id = i.id AND w.user_id = \(userID)
            WHERE i.id = \(imageID)
            """) else { return nil }
        let collecting = (row["overlap_state"] as String?) == "collecting"
        guard let kind = (row["kind"] as String?).flatMap(WorkKind.init(rawValue:)) else {
            return collecting ? WorkCopy(imageID: imageID, kind: .overlap, revision: 0, shapes: [], status: .new, savedAt: nil) : nil
        }
        guard kind == .groundTruth || collecting else { return nil }  // merged: everyone sees the accepted consensus
        return WorkCopy(imageID: imageID, kind: kind, revision: row["revision"], shapes: try ShapeCoding.set(fromJSON: row["shapes"]),
                        status: WorkCopy.Status(rawValue: row["status"]) ?? .inProgress, savedAt: row["saved_at"])
    }

    /// Saves the person's whole copy if `expectedRevision` is still its revision; the shapes are
    /// validated against the project's labels and the image's size as a save of the image is.
    /// A submitted copy cannot change; an overlap image takes no more people than it needs.
    public func saveWorkCopy(imageID: Int64, userID: Int64, expectedRevision: Int, shapes: [Shape],
                             rules: ShapeValidation = ShapeValidation()) throws -> (revision: Int, shapes: [Shape]) {
        try write { db in
            guard let copy = try Self.workCopy(db, imageID: imageID, userID: userID) else {
                throw StoreError.conflict(code: "not_independent", message: "This image is no longer labelled by each person on their own (a reviewer accepted its consensus); reload it to see the accepted labels.")
            }
            guard copy.revision == expectedRevision else { throw StoreError.staleRevision(current: copy.revision) }
            guard copy.status != .submitted else {
                throw StoreError.wrongStatus(current: .submitted, action: "changed: you have submitted your work on it")
            }
            let image = try Self.existingImage(db, id: imageID)
            let valid = try Self.validated(db, shapes: shapes, on: image, rules: rules)
            let now = Date()
            if copy.status == .new {
                try Self.startOverlapCopy(db, imageID: imageID, userID: userID, shapes: valid, status: .inProgress)
            } else {
                try db.execute(literal: """
                    UPDATE work_copies SET revision = revision + 1, shapes = \(ShapeCoding.setJSON(valid)), status = 'in_progress', saved_at = \(now)
                    WHERE image_id = \(imageID) AND user_id = \(userID)
                    """)
            }
            return (copy.revision + 1, valid)
        }
    }

    /// Hands in the person's copy: it is final, and the image leaves their queue. Returns the copy.
    public func submitWorkCopy(imageID: Int64, userID: Int64, expectedRevision: Int?, by who: Attribution) throws -> WorkCopy {
        try write { db in
            guard let copy = try Self.workCopy(db, imageID: imageID, userID: userID) else {
                throw StoreError.conflict(code: "not_independent", message: "This image is no longer labelled by each person on their own (a reviewer accepted its consensus); reload it to see the accepted labels.")
            }
            if let expectedRevision, expectedRevision != copy.revision { throw StoreError.staleRevision(current: copy.revision) }
            switch copy.status {
            case .submitted:
                throw StoreError.wrongStatus(current: .submitted, action: "submitted")
            case .new:  // nothing to label on it, as this person sees it
                try Self.startOverlapCopy(db, imageID: imageID, userID: userID, shapes: [], status: .submitted)
            case .inProgress:
                try db.execute(literal: """
                    UPDATE work_copies SET status = 'submitted', submitted_at = \(Date()) WHERE image_id = \(imageID) AND user_id = \(userID)
                    """)
            }
            try db.execute(literal: "DELETE FROM image_holds WHERE image_id = \(imageID)")
            try Self.appendAudit(db, by: who, action: "image.copy_submitted", target: "image:\(imageID)", detail: "revision \(copy.revision)")
            return try Self.workCopy(db, imageID: imageID, userID: userID)!
        }
    }

    /// A person's first copy of an overlap image, while it still needs people.
    private static func startOverlapCopy(_ db: StoreConnection, imageID: Int64, userID: Int64, shapes: [Shape], status: WorkCopy.Status) throws {
        let needed = try Int.fetchOne(db, literal: "SELECT copies FROM overlap_images WHERE image_id = \(imageID)") ?? 0
        let others = try Int.fetchOne(db, literal: "SELECT COUNT(*) FROM work_copies WHERE image_id = \(imageID) AND user_id <> \(userID)") ?? 0
        guard others < needed else {
            throw StoreError.conflict(code: "enough_copies", message: "\(needed) people are already labelling this image on their own; take the next image instead.")
        }
        let now = Date()
        try db.execute(literal: """
            INSERT INTO work_copies (image_id, user_id, kind, revision, shapes, status, created_at, saved_at, submitted_at)
            VALUES (\(imageID), \(userID), \(WorkKind.overlap.rawValue), \(status == .submitted ? 0 : 1), \(ShapeCoding.setJSON(shapes)),
                    \(status.rawValue), \(now), \(now), \(status == .submitted ? now : nil))
            """)
    }
}
