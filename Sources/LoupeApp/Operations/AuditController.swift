// The audit log for admins, newest first, paged with `before`: GET /api/v1/audit and the /admin/audit page.
import Domain
import Store
import Web

struct AuditController: Sendable {
    let log: any AuditLog

    func addRoutes(to routes: inout RouteTable) {
        routes.add(.GET, "/api/v1/audit", access: .role(.admin), listAuditEvents)
        routes.add(.GET, "/admin/audit", access: .role(.admin), options: .page, showAuditPage)
    }

    func listAuditEvents(_ request: Request, _ context: UserContext) throws -> Response {
        let limit = Int(try request.queryInteger("limit", in: 1...1000, default: 100))
        let before = try request.queryInteger("before", in: 1...Int64.max)
        return try .json(["events": try log.auditLog(limit: limit, beforeID: before).map(AuditEventDTO.init)])
    }

    /// GET /admin/audit: the same log as a page, 200 events at a time.
    func showAuditPage(_ request: Request, _ context: UserContext) throws -> Response {
        let before = request.query["before"].flatMap { Int64($0) }
        let events = try log.auditLog(limit: 200, beforeID: before)
        let rows = events.map { event -> HTML in
            """
            <tr><td>\(PageLayout.time(event.at))</td><td>\(event.actorName)</td>\
            <td><code>\(event.action)</code></td><td>\(event.target)</td>\
            <td>\(event.detail)</td><td>\(event.remoteAddress)</td></tr>

            """
        }
        let older: HTML = events.count == 200 ? "<p><a href=\"/admin/audit?before=\(events.last!.id)\">Older events</a></p>" : .empty
        return PageLayout.render(title: "Audit log", body: """
            <table>
              <thead><tr><th>When</th><th>Who</th><th>Action</th><th>Target</th><th>Detail</th><th>From</th></tr></thead>
              <tbody>\(rows.isEmpty ? "<tr><td colspan=\"6\">Nothing yet.</td></tr>" : rows.joined())</tbody>
            </table>
            \(older)
            """)
    }
}
