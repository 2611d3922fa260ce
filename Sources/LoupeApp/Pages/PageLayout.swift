// The frame of every server-rendered page: the same top bar as the static pages (one partial,
// included by nginx SSI and filled by /js/topbar.js), the page's title, and helpers for forms.
import Domain
import Foundation
import Glibc
import Web

enum PageLayout {
    /// nginx replaces this with public/partials/topbar.html, the bar every page shares.
    static let topbar: HTML = "<!--# include virtual=\"/partials/topbar.html\" -->"

    /// A server page: the shared bar, the title as its heading, then `body`. No inline script or
    /// style anywhere: /js/server-page.js fills the bar and draws charts.
    /// `scripts`: modules a page needs beside the shared one.
    static func render(title: String, status: Int = 200, scripts: [String] = [], body: HTML) -> Response {
        var response = Response.html(HTML.page(title: title, topbar: topbar, scripts: ["/js/server-page.js"] + scripts, body: """
            <main>
            <h1>\(title)</h1>
            \(body)
            </main>
            """), status: status)
        response.setHeader("Cache-Control", "no-store")
        return response
    }

    static func csrfField(_ principal: Principal) -> HTML {
        "<input type=\"hidden\" name=\"\(CSRFGate.field)\" value=\"\(principal.csrfToken ?? "")\">"
    }

    /// A message box for a failed form (`role=alert` so screen readers announce it).
    static func errorBox(_ error: HTTPError?) -> HTML {
        guard let error else { return .empty }
        return "<p class=\"error\" role=\"alert\">\(error.message)</p>"
    }

    static func noticeBox(_ text: String?) -> HTML {
        guard let text, !text.isEmpty else { return .empty }
        return "<p class=\"notice\" role=\"status\">\(text)</p>"
    }

    /// `<time datetime="2026-12-01T03:04:05Z">2026-12-01 03:04:05 UTC</time>`, formatted by hand:
    /// Foundation's ISO 8601 style cost ~20 µs a date, and the audit page shows 200.
    static func time(_ date: Date?) -> HTML {
        guard let date else { return "—" }
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : String(n) }
        let day = "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))"
        let clock = "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))"
        return "<time datetime=\"\(day)T\(clock)Z\">\(day) \(clock) UTC</time>"
    }

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
