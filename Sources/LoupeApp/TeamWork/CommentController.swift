// Comment threads on images (about the image or one of its shapes) and the caller's unread
// comments, which the top bar shows as notifications.
import Domain
import Foundation
import Store
import Web

struct CommentController: Sendable {
    let store: any CommentStore

    /// How many threads with unread comments the top bar lists (the count covers them all).
    static let notificationLimit = 20

    func addRoutes(to routes: inout RouteTable) {
        routes.add(.GET, "/api/v1/images/{id}/comments", access: .image(.member(.annotator)), listComments)
        routes.add(.POST, "/api/v1/images/{id}/comments", access: .image(.member(.annotator)), addComment)
        routes.add(.POST, "/api/v1/images/{id}/comments/read", access: .image(.member(.annotator)), markThreadRead)
        routes.add(.GET, "/api/v1/notifications", access: .signedIn, listNotifications)
        routes.add(.POST, "/api/v1/notifications/read", access: .signedIn, markAllRead)
    }

    struct CommentBody: Decodable {
        let body: String
        let shapePosition: Int?
    }

    /// GET /api/v1/images/{id}/comments: the thread, oldest first, with how many are new to the caller.
    /// Someone checked against a ground-truth image sees only their own comments on it.
    func listComments(_ request: Request, _ context: ImageContext) throws -> Response {
        var (comments, lastRead) = try store.comments(imageID: context.image.id, readerID: context.user.id)
        if try store.workCopy(seenBy: context)?.kind == .groundTruth {
            comments = comments.filter { $0.authorID == context.user.id }  // a thread about it would give it away
        }
        let unread = comments.filter { $0.id > lastRead && $0.authorID != context.user.id }.count
        struct Answer: Encodable { let comments: [CommentDTO]; let lastRead: Int64; let unread: Int }
        return try .json(Answer(comments: comments.map(CommentDTO.init), lastRead: lastRead, unread: unread))
    }

    /// POST /api/v1/images/{id}/comments with `{"body", "shape_position"}`: `@name` notifies that person.
    func addComment(_ request: Request, _ context: ImageContext) throws -> Response {
        let body = try request.decodeJSON(CommentBody.self)
        let comment = try store.addComment(imageID: context.image.id, body: body.body, shapePosition: body.shapePosition, by: context.attribution)
        return try .json(CommentDTO(comment), status: HTTPStatus.created)
    }

    /// POST /api/v1/images/{id}/comments/read: the caller has read the thread; answers their unread count.
    func markThreadRead(_ request: Request, _ context: ImageContext) throws -> Response {
        try store.markCommentsRead(imageID: context.image.id, userID: context.user.id)
        return try .json(["unread": try store.unreadComments(userID: context.user.id, role: context.user.role, limit: 0).count])
    }

    /// GET /api/v1/notifications: how many comments the caller has not read in threads they follow
    /// (they commented, labelled the image, or were mentioned), and the threads with the newest.
    func listNotifications(_ request: Request, _ context: UserContext) throws -> Response {
        let (count, newest) = try store.unreadComments(userID: context.user.id, role: context.user.role, limit: Self.notificationLimit)
        struct Answer: Encodable { let unread: Int; let comments: [NotificationDTO] }
        return try .json(Answer(unread: count, comments: newest.map(NotificationDTO.init)))
    }

    /// POST /api/v1/notifications/read: every thread read.
    func markAllRead(_ request: Request, _ context: UserContext) throws -> Response {
        try store.markAllCommentsRead(userID: context.user.id, role: context.user.role)
        return try .json(["unread": 0])
    }
}
