// The review flow: submit an image, accept or reject it with a comment, read its history.
import Domain
import Foundation

extension AppDatabase {
    /// Marks the image submitted. `expectedRevision`, when given, must still be current, so what
    /// the reviewer sees is what the annotator submitted.
    public func submitImage(id: Int64, expectedRevision: Int?, by who: Attribution) throws -> ImageRecord {
        try write { db in
            let image = try Self.existingImage(db, id: id)
            if let expectedRevision, expectedRevision != image.revision { throw StoreError.staleRevision(current: image.revision) }
            guard ReviewFlow.maySubmit(image.status) else {
                throw StoreError.wrongStatus(current: image.status, action: "submitted")
            }
            try Self.appendAudit(db, by: who, action: "image.submitted", target: "image:\(id)", detail: "revision \(image.revision)")
            try db.execute(literal: "DELETE FROM image_holds WHERE image_id = \(id)")  // done: back in the queue for nobody
            return try ImageRecord.fetchOne(
                db, literal: "UPDATE images SET status = 'submitted' WHERE id = \(id) RETURNING *")!
        }
    }

    /// Accepts or rejects a submitted image; a rejection needs a comment saying what to fix, and any
    /// comment also goes into the image's thread.
    public func reviewImage(id: Int64, decision: ReviewDecision, comment rawComment: String, by who: Attribution) throws -> ImageRecord {
        let comment = rawComment.trimmingCharacters(in: .whitespacesAndNewlines)
        if decision == .reject, comment.isEmpty {
            throw StoreError.invalid(field: "comment", message: "Say what needs fixing when you reject an image.")
        }
        guard comment.count <= 2_000 else { throw StoreError.invalid(field: "comment", message: "The comment is longer than 2,000 characters.") }
        return try write { db in
            let image = try Self.existingImage(db, id: id)
            guard ReviewFlow.mayDecide(image.status) else {
                throw StoreError.wrongStatus(current: image.status, action: decision == .accept ? "accepted" : "rejected")
            }
            let status = decision.status.rawValue
            let reviewID = try Int64.fetchOne(db, literal: """
                INSERT INTO reviews (image_id, reviewer_id, decision, comment, revision, at)
                VALUES (\(id), \(who.userID), \(status), \(comment), \(image.revision), \(Date())) RETURNING id
                """)!
            // The decision's comment opens (or continues) the image's thread, where the annotator can answer.
            if !comment.isEmpty {
                _ = try Self.insertComment(db, image: image, body: comment, shapePosition: nil, reviewID: reviewID, by: who)
            }
            try Self.appendAudit(db, by: who, action: "image.\(status)", target: "image:\(id)", detail: comment)
            return try ImageRecord.fetchOne(db, literal: "UPDATE images SET status = \(status) WHERE id = \(id) RETURNING *")!
        }
    }

    /// The image's decisions, newest first.
    public func reviews(imageID: Int64) throws -> [Review] {
        try read { db in
            try Review.fetchAll(db, literal: """
                SELECT reviews.*, users.username AS reviewer_name FROM reviews
                LEFT JOIN users ON users.id = reviews.reviewer_id
                WHERE image_id = \(imageID) ORDER BY reviews.id DESC
                """)
        }
    }

    static func existingImage(_ db: StoreConnection, id: Int64) throws -> ImageRecord {
        guard let image = try ImageRecord.fetchOne(db, literal: "SELECT * FROM images WHERE id = \(id)") else {
            throw StoreError.notFound(entity: "image")
        }
        return image
    }
}
