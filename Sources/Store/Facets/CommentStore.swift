// Comment threads on images and the unread comments a person is notified of.
import Domain
import Foundation

/// The comment controller's view of the store.
public protocol CommentStore: WorkCopyStore {
    func comments(imageID: Int64, readerID: Int64) throws -> (comments: [Comment], lastRead: Int64)
    func addComment(imageID: Int64, body: String, shapePosition: Int?, by who: Attribution) throws -> Comment
    func markCommentsRead(imageID: Int64, userID: Int64) throws
    func markAllCommentsRead(userID: Int64, role: Role) throws
    func unreadComments(userID: Int64, role: Role, limit: Int) throws -> (count: Int, newest: [UnreadComment])
}

extension AppDatabase: CommentStore {}
