// Batches over the API: the data team splits a project's open images among its annotators (by
// count, filter or queue rank) with due days; everyone in the project sees the progress.
import Domain
import Foundation
import Store
import Web

struct BatchController: Sendable {
    let store: any BatchStore

    func addRoutes(to routes: inout RouteTable) {
        routes.add(.GET, "/api/v1/projects/{id}/batches", access: .project(.member(.annotator)), listBatches)
        routes.add(.POST, "/api/v1/projects/{id}/batches", access: .project(.manager), createBatches)
        routes.add(.PATCH, "/api/v1/projects/{id}/batches/{batchId}", access: .project(.manager), updateBatch)
        routes.add(.DELETE, "/api/v1/projects/{id}/batches/{batchId}", access: .project(.manager), deleteBatch)
    }

    struct PlanBody: Decodable {
        let name: String?
        let size: Int?
        let limit: Int?
        let order: String?
        let statuses: [String]?
        let fileNameContains: String?
        let predictedLabel: String?
        let assignees: [String]?
        let dueOn: String?
    }

    struct ChangeBody: Decodable {
        let name: String?
        let assignee: String?
        let dueOn: String?
    }

    /// GET /api/v1/projects/{id}/batches: every batch with its progress, and today's day (UTC).
    func listBatches(_ request: Request, _ context: ProjectContext) throws -> Response {
        let today = BatchDTO.today()
        let batches = try store.batches(projectID: context.project.id).map { BatchDTO($0, callerID: context.user.id, today: today) }
        struct Answer: Encodable { let batches: [BatchDTO]; let today: String }
        return try .json(Answer(batches: batches, today: today))
    }

    /// POST /api/v1/projects/{id}/batches with a plan: which open images (statuses, file name, the
    /// model's predicted label; `order` rank or upload; `limit`), `size` per batch, `assignees` in turn, `due_on`.
    func createBatches(_ request: Request, _ context: ProjectContext) throws -> Response {
        let body = try request.decodeJSON(PlanBody.self)
        var plan = BatchPlan(name: body.name ?? "", size: body.size, limit: body.limit, fileNameContains: body.fileNameContains,
                             predictedLabel: body.predictedLabel, assignees: body.assignees ?? [], dueOn: body.dueOn)
        if let raw = body.order {
            guard let order = BatchPlan.Order(rawValue: raw) else {
                throw HTTPError(HTTPStatus.unprocessable, code: "invalid_field", message: "order is rank or upload.", field: "order")
            }
            plan.order = order
        }
        if let raw = body.statuses {
            plan.statuses = try raw.map { name in
                guard let status = ImageStatus(rawValue: name) else {
                    throw HTTPError(HTTPStatus.unprocessable, code: "invalid_field", message: "\(name) is not a status.", field: "statuses")
                }
                return status
            }
        }
        let today = BatchDTO.today()
        let created = try store.createBatches(projectID: context.project.id, plan: plan, by: context.attribution)
        struct Answer: Encodable { let batches: [BatchDTO]; let images: Int }
        return try .json(Answer(batches: created.map { BatchDTO($0, callerID: context.user.id, today: today) },
                                images: created.reduce(0) { $0 + $1.total }), status: HTTPStatus.created)
    }

    /// PATCH /api/v1/projects/{id}/batches/{batchId} with `name`, `assignee` and `due_on` (null clears the last two).
    func updateBatch(_ request: Request, _ context: ProjectContext) throws -> Response {
        let body = try request.decodeJSON(ChangeBody.self)
        let change = BatchChange(name: body.name,
                                 assignee: body.assignee != nil || request.bodyHasNull("assignee") ? .some(body.assignee) : nil,
                                 dueOn: body.dueOn != nil || request.bodyHasNull("due_on") ? .some(body.dueOn) : nil)
        let batch = try store.updateBatch(projectID: context.project.id, batchID: try request.intParameter("batchId"), change,
                                          by: context.attribution)
        return try .json(BatchDTO(batch, callerID: context.user.id, today: BatchDTO.today()))
    }

    /// DELETE /api/v1/projects/{id}/batches/{batchId}: the images go back to everyone's queue.
    func deleteBatch(_ request: Request, _ context: ProjectContext) throws -> Response {
        try store.deleteBatch(projectID: context.project.id, batchID: try request.intParameter("batchId"), by: context.attribution)
        return .noContent()
    }
}
