// The frame of every server-rendered page: top bar with links for the caller's role and a logout form.
import Domain
import Foundation
import Store
import Web

/// Renders server pages in the shared frame; it reads the admins' count of waiting promotion requests.
struct PageFrame: Sendable {
    let inbox: any PromotionInbox

    /// A server page in the shared frame, with the admins' count of waiting promotion requests.
    func render(title: String, principal: Principal, status: Int = 200, body: () -> String) -> Response {
        let pending = principal.has(.admin) ? ((try? inbox.pendingTransitionRequestCount()) ?? 0) : 0
        return PageLayout.render(title: title, principal: principal, status: status, pendingPromotions: pending, body: body)
    }
}

enum PageLayout {
    static func render(title: String, principal: Principal, status: Int, pendingPromotions: Int, body: () -> String) -> Response {
        var response = Response.html(HTML.page(title: title, nav: nav(principal, pendingPromotions: pendingPromotions)) {
            "<main>\n<h1>\(HTML.escape(title))</h1>\n\(body())\n</main>"
        }, status: status)
        response.setHeader("Cache-Control", "no-store")
        return response
    }

    /// The same links as the static pages' bar (public/js/topbar.js): Projects, Models, Users, Audit log, Account;
    /// admins see how many promotion requests wait for them.
    static func nav(_ principal: Principal, pendingPromotions: Int) -> String {
        var links = [("/", "Projects")]
        if principal.has(.data) {
            links.append(("/admin/models", pendingPromotions > 0 ? "Models (\(pendingPromotions) waiting)" : "Models"))
        }
        if principal.has(.admin) { links += [("/admin/users", "Users"), ("/admin/audit", "Audit log")] }
        links.append(("/auth/account", "Account"))
        let items = links.map { "<a href=\"\($0.0)\">\(HTML.escape($0.1))</a>" }.joined(separator: "\n")
        return """
            <header class="topbar">
              <a class="brand" href="/">Loupe</a>
              <nav>\(items)</nav>
              <span class="who">\(HTML.escape(principal.user.username)) · \(HTML.escape(principal.user.role.rawValue))</span>
              <form method="post" action="/auth/logout">\(csrfField(principal))<button class="link">Log out</button></form>
            </header>
            """
    }

    static func csrfField(_ principal: Principal) -> String {
        "<input type=\"hidden\" name=\"\(CSRFGate.field)\" value=\"\(HTML.escape(principal.csrfToken ?? ""))\">"
    }

    /// A message box for a failed form (`role=alert` so screen readers announce it).
    static func errorBox(_ error: HTTPError?) -> String {
        guard let error else { return "" }
        return "<p class=\"error\" role=\"alert\">\(HTML.escape(error.message))</p>"
    }

    static func noticeBox(_ text: String?) -> String {
        guard let text, !text.isEmpty else { return "" }
        return "<p class=\"notice\" role=\"status\">\(HTML.escape(text))</p>"
    }

    static func time(_ date: Date?) -> String {
        guard let date else { return "—" }
        let iso = date.formatted(.iso8601)
        return "<time datetime=\"\(iso)\">\(HTML.escape(iso.replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: " UTC")))</time>"
    }
}

extension PageLayout {
    /// Runs a form action; a client error re-renders the page with the message instead of a bare error.
    static func handleForm(_ rerender: (HTTPError) throws -> Response, _ action: () throws -> Response) throws -> Response {
        do {
            return try action()
        } catch {
            guard let httpError = error.clientError else { throw error }
            // Not signed in, bad CSRF or wrong role: not something the form can fix.
            if [HTTPStatus.seeOther, HTTPStatus.unauthorized, HTTPStatus.forbidden].contains(httpError.status),
               ["login_required", "unauthenticated", "csrf_failed", "forbidden"].contains(httpError.code) {
                throw httpError
            }
            return try rerender(httpError)
        }
    }
}
