// Batches and comments as the API shows them.
import Domain
import Foundation
import Store

/// A batch with its progress: `done` counts submitted and accepted images.
struct BatchDTO: Encodable {
    let id: Int64
    let name: String
    let assignee: String?
    let dueOn: String?
    let overdue: Bool
    /// The batch is the caller's.
    let mine: Bool
    let total: Int
    let done: Int
    let counts: [String: Int]
    let createdAt: Date

    init(_ batch: BatchProgress, callerID: Int64, today: String) {
        (id, name, assignee, dueOn, total, done, createdAt) = (batch.id, batch.name, batch.assignee, batch.dueOn, batch.total, batch.done, batch.createdAt)
        overdue = batch.done < batch.total && DueDay.isOverdue(batch.dueOn, today: today)
        mine = batch.assigneeID == callerID
        counts = Dictionary(uniqueKeysWithValues: batch.counts.map { ($0.key.rawValue, $0.value) })
    }

    /// Today's day in UTC, as due days are written.
    static func today(_ now: Date = Date()) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: now)
    }
}

struct CommentDTO: Encodable {
    let id: Int64
    let author: String?
    let body: String
    /// 0-based position of the shape it is about in `revision`'s set; nil: the whole image.
    let shapePosition: Int?
    let revision: Int
    /// "accepted" or "rejected" when the comment came with a review decision.
    let decision: String?
    let mentions: [String]
    let createdAt: Date

    init(_ comment: Comment) {
        (id, author, body, shapePosition, revision) = (comment.id, comment.author, comment.body, comment.shapePosition, comment.revision)
        (decision, mentions, createdAt) = (comment.decision?.rawValue, comment.mentions, comment.createdAt)
    }
}

/// A thread with unread comments in the top bar's list: its latest comment, linking to its image.
struct NotificationDTO: Encodable {
    let commentId: Int64
    /// Unread comments in the thread.
    let unread: Int
    let imageId: Int64
    let projectId: Int64
    let projectName: String
    let fileName: String
    let author: String?
    let excerpt: String
    let mention: Bool
    let createdAt: Date

    init(_ unread: UnreadComment) {
        (commentId, imageId, projectId, projectName, fileName) = (unread.commentID, unread.imageID, unread.projectID, unread.projectName, unread.fileName)
        self.unread = unread.unread
        (author, mention, createdAt) = (unread.author, unread.mentionsReader, unread.createdAt)
        excerpt = unread.body.count > 140 ? String(unread.body.prefix(139)) + "…" : unread.body
    }
}
