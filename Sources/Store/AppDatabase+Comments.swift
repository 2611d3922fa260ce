// Comment threads on images: writing a comment (with its @mentions and the thread's followers),
// reading a thread and marking it read, and each person's unread threads (the top bar's notifications).
import Domain
import Foundation

extension AppDatabase {
    public static let maxCommentLength = 2_000

    /// The image's thread, oldest first, and the last comment `readerID` had read before now (every
    /// comment counts as read for someone who does not follow the thread).
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
                SELECT last_read_comment_id FROM comment_followers WHERE user_id = \(readerID) AND image_id = \(imageID)
                """) ?? comments.last?.id ?? 0
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
            var comment = try Comment.fetchOne(db, literal: "\(Comment.selection) WHERE c.id = \(id)")!
            comment.mentions = try String.fetchAll(db, literal: """
                SELECT u.username FROM comment_mentions m JOIN users u ON u.id = m.user_id WHERE m.comment_id = \(id) ORDER BY u.username
                """)
            return comment
        }
    }

    /// Marks everything in the image's thread read for this person.
    public func markCommentsRead(imageID: Int64, userID: Int64) throws {
        try write { db in
            try db.execute(literal: """
                UPDATE comment_followers SET last_read_comment_id = latest_comment_id, unread = 0
                WHERE user_id = \(userID) AND image_id = \(imageID)
                """)
        }
    }

    /// Marks every thread read for this person.
    public func markAllCommentsRead(userID: Int64, role: Role) throws {
        try write { db in
            try db.execute(literal: """
                UPDATE comment_followers SET last_read_comment_id = latest_comment_id, unread = 0 WHERE user_id = \(userID) AND unread > 0
                """)
        }
    }

    /// How many comments this person has not read in threads they follow (they commented, labelled the
    /// image, or were mentioned there) in projects they still see, and their `limit` threads with the
    /// newest unread comments, each as its latest comment.
    public func unreadComments(userID: Int64, role: Role, limit: Int) throws -> (count: Int, newest: [UnreadComment]) {
        let sees: SQLQuery = role >= .data ? "1 = 1"
            : "f.project_id IN (SELECT pm.project_id FROM project_members pm WHERE pm.user_id = \(userID))"
        return try read { db in
            let count = try Int.fetchOne(db, literal: """
                SELECT COALESCE(SUM(f.unread), 0) FROM comment_followers f WHERE f.user_id = \(userID) AND f.unread > 0 AND \(sees)
                """) ?? 0
            guard limit > 0, count > 0 else { return (count, []) }
            // `+f.unread` keeps SQLite off the unread index here: walking the newest-first index and
            // stopping after `limit` threads beats sorting every unread thread (0.1 ms against 8 ms
            // for 3,300 threads).
            let newest = try UnreadComment.fetchAll(db, literal: """
                SELECT c.id, c.image_id, c.body, c.created_at, f.unread, i.project_id, i.file_name, p.name AS project_name, u.username AS author,
                       EXISTS (SELECT 1 FROM comment_mentions m JOIN comments named ON named.id = m.comment_id
                               WHERE m.user_id = \(userID) AND named.image_id = f.image_id AND named.id > f.last_read_comment_id) AS mentioned
                FROM comment_followers f JOIN comments c ON c.id = f.latest_comment_id JOIN images i ON i.id = f.image_id
                JOIN projects p ON p.id = i.project_id LEFT JOIN users u ON u.id = c.author_id
                WHERE f.user_id = \(userID) AND +f.unread > 0 AND \(sees)
                ORDER BY f.latest_comment_id DESC LIMIT \(limit)
                """)
            return (count, newest)
        }
    }

    /// Writes a comment and its mentions (of people who see the image's project; other names stay
    /// plain text). Its author, the people it mentions and those who labelled the image follow the
    /// thread from now on; for every follower but the author it is one more unread comment.
    /// Returns its id.
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
            UNION SELECT user_id FROM work_copies WHERE image_id = \(image.id) AND kind = 'overlap'
            """))  // not ground-truth copies: being told of the thread would give the image away
        if let author = who.userID { followers.insert(author) }
        for name in Mentions.usernames(in: body) {
            guard let userID = try? projectWorker(db, projectID: image.projectId, username: name), userID != who.userID else { continue }
            try db.execute(literal: "INSERT INTO comment_mentions (comment_id, user_id) VALUES (\(id), \(userID))")
            followers.insert(userID)
        }
        for userID in followers {
            try db.execute(literal: """
                INSERT INTO comment_followers (user_id, image_id, project_id) VALUES (\(userID), \(image.id), \(image.projectId))
                ON CONFLICT DO NOTHING
                """)
        }
        try db.execute(literal: """
            UPDATE comment_followers SET latest_comment_id = \(id),
                   unread = CASE WHEN user_id = \(who.userID ?? 0) THEN 0 ELSE unread + 1 END,
                   last_read_comment_id = CASE WHEN user_id = \(who.userID ?? 0) THEN \(id) ELSE last_read_comment_id END
            WHERE image_id = \(image.id)
            """)
        return id
    }
}
