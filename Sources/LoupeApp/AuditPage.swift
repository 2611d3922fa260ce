// /admin/audit: who did what, newest first.
import Domain
import Store
import Web

extension AppContext {
    func showAuditPage(_ request: Request, _ context: UserContext) throws -> Response {
        let before = request.query["before"].flatMap { Int64($0) }
        let events = try database.auditLog(limit: 200, beforeID: before)
        let rows = events.map { event in
            """
            <tr><td>\(PageLayout.time(event.at))</td><td>\(HTML.escape(event.actorName))</td>\
            <td><code>\(HTML.escape(event.action))</code></td><td>\(HTML.escape(event.target))</td>\
            <td>\(HTML.escape(event.detail))</td><td>\(HTML.escape(event.remoteAddress))</td></tr>
            """
        }.joined(separator: "\n")
        let older = events.count == 200 ? "<p><a href=\"/admin/audit?before=\(events.last!.id)\">Older events</a></p>" : ""
        return renderPage(title: "Audit log", principal: context.principal) {
            """
            <table>
              <thead><tr><th>When</th><th>Who</th><th>Action</th><th>Target</th><th>Detail</th><th>From</th></tr></thead>
              <tbody>\(rows.isEmpty ? "<tr><td colspan=\"6\">Nothing yet.</td></tr>" : rows)</tbody>
            </table>
            \(older)
            """
        }
    }
}
