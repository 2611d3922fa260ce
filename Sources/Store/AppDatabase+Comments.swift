// Comment threads on images: writing a comment (with its @mentions), reading a thread and marking it
// read, and the unread comments of threads a person follows (the top bar's notifications).
import Domain
import Foundation

extension AppDatabase {
    public static let maxCommentLength = 2_000

    /// The image's thread, oldest first, and the last comment id `readerID` had read before now.
    public func comments(imageID: Int64, readerID: Int64) throws -> (comments: [Comment], lastRead: Int64) {
        try read { db in
            var comments = try Comment.fetchAll(db, literal: "\(Comment.selection) WHERE c.image_id = \(imageID) ORDER BY c.id")
            let mentions = try SQLRow.fetchAll(db, literal: """
                SELECT m.comment_id, u.username FROM comment_mentions m JOIN users u ON u.id = m.user_id
                JOIN comments c ON c.id = m.comment_id WHERE c.image_id = \(imageID) ORDER BY u.username
                """)
            let byComment = Dictionary(grouping: mentions, by: { $0["comment_id"] as Int64 })
            for index in comments.indices { comments[index].mentions = byComment[comments[index].id]?.map { $0["username"] } ?? [] }
            let lastRead = try Int64.fetchOne(db, literal: """
                SELECT last_comment_id FROM comment_reads WHERE user_id = \(readerID) AND image_id = \(imageID)
                """) ?? 0
            return (comments, lastRead)
        }
    }

    /// Adds a comment to the image's thread, about one of its shapes (by position in the current
    /// set) or the whole image. `@name`s of people who see the project are notified; the thread
    /// counts as read for the author.
    public func addComment(imageID: Int64, body: String, shapePosition: Int?, by who: Attribution) throws -> Comment {
        try write { db in
            let image = try Self.existingImage(db, id: imageID)
            if let shapePosition {
                let shapes = try Int.fetchOne(db, literal: "SELECT COUNT(*) FROM shapes WHERE image_id = \(imageID)") ?? 0
                guard (0..<shapes).contains(shapePosition) else {
                    throw StoreError.invalid(field: "shape_position", message: "The image has no shape \(shapePosition + 1) (it has \(shapes)); it may have changed since you chose it.")
                }
            }
            let id = try Self.insertComment(db, image: image, body: body, shapePosition: shapePosition, reviewID: nil, by: who)
            if let userID = who.userID { try Self.markRead(db, imageID: imageID, userID: userID) }
            var comment = try Comment.fetchOne(db, literal: "\(Comment.selection) WHERE c.id = \(id)")!
            comment.mentions = try String.fetchAll(db, literal: """
                SELECT u.username FROM comment_mentions m JOIN users u ON u.id = m.user_id WHERE m.comment_id = \(id) ORDER BY u.username
                """)
            return comment
        }
    }

    /// Marks everything in the image's thread read for this person.
    public func markCommentsRead(imageID: Int64, userID: Int64) throws {
        try write { db in try Self.markRead(db, imageID: imageID, userID: userID) }
    }

    /// Marks every thread read for this person.
    public func markAllCommentsRead(userID: Int64, role: Role) throws {
        try write { db in
            let images = try Int64.fetchAll(db, literal: "SELECT DISTINCT c.image_id FROM \(Self.unread(userID: userID, role: role))")
            for imageID in images { try Self.markRead(db, imageID: imageID, userID: userID) }
        }
    }

    /// How many comments this person has not read in threads they follow (they commented, saved the
    /// image, or were mentioned there) in projects they still see, and the newest `limit` of them.
    public func unreadComments(userID: Int64, role: Role, limit: Int) throws -> (count: Int, newest: [UnreadComment]) {
        try read { db in
            let condition = Self.unread(userID: userID, role: role)
            let count = try Int.fetchOne(db, literal: "SELECT COUNT(*) FROM \(condition)") ?? 0
            guard limit > 0 else { return (count, []) }
            let newest = try UnreadComment.fetchAll(db, literal: """
                SELECT c.id, c.image_id, c.body, c.created_at, i.project_id, i.file_name, p.name AS project_name, u.username AS author,
                       EXISTS (SELECT 1 FROM comment_mentions m WHERE m.comment_id = c.id AND m.user_id = \(userID)) AS mentioned
                FROM \(Self.unread(userID: userID, role: role, joining: "JOIN projects p ON p.id = i.project_id LEFT JOIN users u ON u.id = c.author_id"))
                ORDER BY c.id DESC LIMIT \(limit)
                """)
            return (count, newest)
        }
    }

    /// Comments (`c`, with its image `i`) by others, newer than what `userID` read, in threads they
    /// follow (`f`), in projects they see: joined from their followed threads, so the cost grows with
    /// those threads, not with every comment.
    private static func unread(userID: Int64, role: Role, joining more: SQLQuery = "") -> SQLQuery {
        let sees: SQLQuery = role >= .data ? "1 = 1"
            : "EXISTS (SELECT 1 FROM project_members pm WHERE pm.project_id = i.project_id AND pm.user_id = \(userID))"
        return """
            comment_followers f JOIN comments c ON c.image_id = f.image_id JOIN images i ON i.id = f.image_id \(more)
            WHERE f.user_id = \(userID) AND (c.author_id IS NULL OR c.author_id <> \(userID))
              AND c.id > COALESCE((SELECT cr.last_comment_id FROM comment_reads cr WHERE cr.user_id = \(userID) AND cr.image_id = f.image_id), 0)
              AND \(sees)
            """
    }

    private static func markRead(_ db: StoreConnection, imageID: Int64, userID: Int64) throws {
        guard let last = try Int64.fetchOne(db, literal: "SELECT MAX(id) FROM comments WHERE image_id = \(imageID)") else { return }
        try db.execute(literal: """
            INSERT INTO comment_reads (user_id, image_id, last_comment_id) VALUES (\(userID), \(imageID), \(last))
            ON CONFLICT (user_id, image_id) DO UPDATE SET last_comment_id = excluded.last_comment_id
            """)
    }

    /// Writes a comment and its mentions (of people who see the image's project; other names stay
    /// plain text), and makes its author, the people it mentions and those who labelled the image
    /// followers of the thread. Returns its id.
    static func insertComment(_ db: StoreConnection, image: ImageRecord, body rawBody: String, shapePosition: Int?, reviewID: Int64?,
                              by who: Attribution) throws -> Int64 {
        let body = rawBody.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !body.isEmpty else { throw StoreError.invalid(field: "body", message: "Write something before sending the comment.") }
        guard body.count <= maxCommentLength else {
            throw StoreError.invalid(field: "body", message: "A comment has at most \(maxCommentLength) characters; this one has \(body.count).")
        }
        let id = try Int64.fetchOne(db, literal: """
            INSERT INTO comments (image_id, author_id, body, shape_position, revision, review_id, created_at)
            VALUES (\(image.id), \(who.userID), \(body), \(shapePosition), \(image.revision), \(reviewID), \(Date())) RETURNING id
            """)!
        var followers = Set(try Int64.fetchAll(db, literal: """
            SELECT user_id FROM annotation_revisions WHERE image_id = \(image.id) AND user_id IS NOT NULL
            UNION SELECT user_id FROM work_copies WHERE image_id = \(image.id)
            """))
        if let author = who.userID { followers.insert(author) }
        for name in Mentions.usernames(in: body) {
            guard let userID = try? projectWorker(db, projectID: image.projectId, username: name), userID != who.userID else { continue }
            try db.execute(literal: "INSERT INTO comment_mentions (comment_id, user_id) VALUES (\(id), \(userID))")
            followers.insert(userID)
        }
        for userID in followers {
            try db.execute(literal: "INSERT INTO comment_followers (user_id, image_id) VALUES (\(userID), \(image.id)) ON CONFLICT DO NOTHING")
        }
        return id
    }
}
