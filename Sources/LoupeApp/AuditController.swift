// GET /api/v1/audit: the audit log for admins, newest first, paged with `before`.
import Domain
import Store
import Web

extension AppContext {
    func listAuditEvents(_ request: Request, _ context: UserContext) throws -> Response {
        let limit = min(max(Int(request.query["limit"] ?? "") ?? 100, 1), 1000)
        let before = request.query["before"].flatMap { Int64($0) }
        return try .json(["events": try database.auditLog(limit: limit, beforeID: before).map(AuditEventDTO.init)])
    }
}
