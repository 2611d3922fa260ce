// A comment in an image's thread, and a comment someone has not read yet (a notification).
import Domain
import Foundation

public struct Comment: Sendable, Equatable {
    public let id: Int64
    public let imageID: Int64
    public let authorID: Int64?
    /// nil when the account was deleted.
    public let author: String?
    public let body: String
    /// The shape it is about, by position in `revision`'s set; nil: the whole image.
    public let shapePosition: Int?
    public let revision: Int
    /// Set when the comment came with a review decision (a rejection starts a thread).
    public let decision: ImageStatus?
    public let createdAt: Date
    /// Usernames it notified.
    public var mentions: [String]
}

extension Comment: RowDecodable {
    init(row: SQLRow) throws {
        id = row["id"]
        imageID = row["image_id"]
        authorID = row["author_id"]
        author = row["author"]
        body = row["body"]
        shapePosition = row["shape_position"]
        revision = row["revision"]
        decision = try (row["decision"] as String?).map(ImageStatus.decoded)
        createdAt = row["created_at"]
        mentions = []
    }

    static let selection: SQLQuery = """
        SELECT c.*, u.username AS author, r.decision FROM comments c
        LEFT JOIN users u ON u.id = c.author_id LEFT JOIN reviews r ON r.id = c.review_id
        """
}

/// A thread the reader follows with comments by others they have not read: its latest comment.
public struct UnreadComment: Sendable, Equatable {
    public let commentID: Int64
    /// Unread comments in the thread.
    public let unread: Int
    public let imageID: Int64
    public let projectID: Int64
    public let projectName: String
    public let fileName: String
    public let author: String?
    public let body: String
    /// An unread comment in the thread names the reader with `@`.
    public let mentionsReader: Bool
    public let createdAt: Date
}

extension UnreadComment: RowDecodable {
    init(row: SQLRow) throws {
        commentID = row["id"]
        unread = row["unread"]
        imageID = row["image_id"]
        projectID = row["project_id"]
        projectName = row["project_name"]
        fileName = row["file_name"]
        author = row["author"]
        body = row["body"]
        mentionsReader = row["mentioned"]
        createdAt = row["created_at"]
    }
}
