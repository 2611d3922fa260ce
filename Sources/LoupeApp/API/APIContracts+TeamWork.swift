// The contracts of team work: batches of images for annotators, comment threads and notifications.
import Domain

extension APIContracts {
    nonisolated(unsafe) static let teamWork: [String: C] = [
        "GET /api/v1/projects/{id}/batches": C("The project's batches with their progress, and today's day (UTC).", 200, .json(S.object(
            ["batches": S.list(S.ref("Batch")), "today": S.string]))),
        "POST /api/v1/projects/{id}/batches": C("Split open images outside any batch into batches: chosen by status, file name or the model's predicted label, in queue-rank or upload order, `size` each, the assignees taking them in turn.",
                                                201, .json(S.object(["batches": S.list(S.ref("Batch")), "images": S.integer])),
                                                body: S.object([:], optional: [
                                                    "name": S.text(0, 100), "size": ["type": "integer", "minimum": 1, "maximum": BatchPlan.maxImages],
                                                    "limit": ["type": "integer", "minimum": 1, "maximum": BatchPlan.maxImages],
                                                    "order": S.oneOf(BatchPlan.Order.allCases.map(\.rawValue)),
                                                    "statuses": S.list(S.oneOf(BatchPlan.openStatuses.map(\.rawValue))),
                                                    "file_name_contains": S.string, "predicted_label": S.string,
                                                    "assignees": S.list(S.string), "due_on": ["type": "string", "format": "date"]]),
                                                example: ["size": 50, "order": "rank", "assignees": ["ana", "ben"], "due_on": "2026-12-24"]),
        "PATCH /api/v1/projects/{id}/batches/{batchId}": C("Rename a batch, reassign it or change its due day (null clears assignee and due_on).",
                                                           200, .json(S.ref("Batch")),
                                                           body: S.object([:], optional: ["name": S.text(1, 100), "assignee": S.nullable(S.string),
                                                                                          "due_on": S.nullable(["type": "string", "format": "date"])]),
                                                           example: ["assignee": "ben", "due_on": "2026-12-31"]),
        "DELETE /api/v1/projects/{id}/batches/{batchId}": C("Dissolve a batch: its images go back to everyone's queue.", 204, .empty),
        "GET /api/v1/images/{id}/comments": C("The image's comment thread, oldest first, and how much of it is new to the caller.", 200,
                                              .json(S.object(["comments": S.list(S.ref("Comment")), "last_read": S.integer, "unread": S.integer]))),
        "POST /api/v1/images/{id}/comments": C("Comment on the image or one of its shapes; `@name` notifies that person.", 201, .json(S.ref("Comment")),
                                               body: S.object(["body": S.text(1, 2_000)], optional: ["shape_position": ["type": "integer", "minimum": 0]]),
                                               example: ["body": "@ana the left bird is a robin", "shape_position": 0]),
        "POST /api/v1/images/{id}/comments/read": C("Mark the image's thread read; answers the caller's unread count.", 200,
                                                    .json(S.object(["unread": S.integer])), conflicts: false),
        "GET /api/v1/notifications": C("Unread comments in threads the caller follows (commented, saved the image, or mentioned), newest first.",
                                       200, .json(S.object(["unread": S.integer, "comments": S.list(S.ref("Notification"))]))),
        "POST /api/v1/notifications/read": C("Mark every thread read.", 200, .json(S.object(["unread": S.integer])), conflicts: false),
    ]
}
