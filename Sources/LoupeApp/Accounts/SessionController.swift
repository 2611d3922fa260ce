// Signing in and out with the login form, and who-am-I for pages and scripts.
import Auth
import Foundation
import Domain
import Store
import Web

struct SessionController: Sendable {
    let authenticator: Authenticator
    let inbox: any PromotionInbox
    var accounts: Accounts { authenticator.accounts }

    func addRoutes(to routes: inout RouteTable) {
        routes.add(.GET, "/auth/csrf", access: .anyone, issueLoginCSRF)
        routes.add(.POST, "/auth/login", access: .anyone, login)
        routes.add(.POST, "/auth/logout", access: .signedIn, logout)
        routes.add(.GET, "/api/v1/me", access: .signedIn, showMe)
    }

    /// Issues the double-submit token the static login page puts in its form.
    func issueLoginCSRF(_ request: Request, _ context: PublicContext) throws -> Response {
        let existing = request.cookies[Authenticator.loginCSRFCookie].flatMap { $0.count >= 32 ? $0 : nil }
        let token = existing ?? SecretToken.generate(prefix: "")
        var response = try Response.json(["csrf_token": token])
        response.setHeader("Cache-Control", "no-store")
        response.addHeader("Set-Cookie", Cookies.setCookie(name: Authenticator.loginCSRFCookie, value: token, maxAge: 3600,
                                                           secure: authenticator.secureCookies))
        return response
    }

    /// POST /auth/login (form). Success: session cookie and 303 to `next`. Failure: 303 back to the
    /// login page with an error code the page explains; the status of that page says nothing, so the
    /// code travels in the query.
    func login(_ request: Request, _ context: PublicContext) throws -> Response {
        let form = try request.formFields()
        let next = Self.safeRedirectTarget(form["next"])
        func back(_ error: String, extra: String = "") -> Response {
            .redirect(to: "/login.html?error=\(error)&next=\(FormFields.encodeComponent(next))\(extra)")
        }
        guard CSRF.isValid(form[CSRFGate.field], cookie: request.cookies[Authenticator.loginCSRFCookie]) else {
            return back("csrf_failed")
        }
        let username = form["username"]?.trimmingCharacters(in: .whitespaces) ?? ""
        guard !username.isEmpty, let password = form["password"], !password.isEmpty else {
            return back("missing_fields")
        }
        do {
            let (secret, _) = try accounts.login(
                username: username, password: password, remoteAddress: request.remoteAddress,
                userAgent: request.header("user-agent") ?? "")
            var response = Response.redirect(to: next)
            response.addHeader("Set-Cookie", authenticator.sessionCookie(secret: secret, maxAge: Int(accounts.sessionLifetime)))
            response.addHeader("Set-Cookie", Cookies.setCookie(name: Authenticator.loginCSRFCookie, value: "", maxAge: 0))
            return response
        } catch AuthError.throttled(let seconds) {
            var response = back("throttled", extra: "&retry_after=\(seconds)")
            response.setHeader("Retry-After", String(seconds))
            return response
        } catch AuthError.invalidCredentials {
            return back("invalid_credentials")
        }
    }

    func logout(_ request: Request, _ context: UserContext) throws -> Response {
        if case .session(let secret) = context.principal.credential {
            try accounts.logout(secret: secret, by: context.attribution)
        }
        var response = Response.redirect(to: "/login.html?logged_out=1")
        response.addHeader("Set-Cookie", authenticator.sessionCookie(secret: "", maxAge: 0))
        return response
    }

    struct Me: Encodable {
        let user: UserDTO
        let auth: String
        let csrfToken: String?
        /// Admins only: promotion requests waiting for a decision (the top bar shows the count).
        let pendingPromotions: Int?
    }

    /// GET /api/v1/me: the caller, and for sessions the CSRF token that pages send as `X-CSRF-Token`.
    func showMe(_ request: Request, _ context: UserContext) throws -> Response {
        let auth = if case .session = context.principal.credential { "session" } else { "token" }
        let pending = context.principal.has(.admin) ? try inbox.pendingTransitionRequestCount() : nil
        var response = try Response.json(Me(user: UserDTO(context.principal.user), auth: auth, csrfToken: context.principal.csrfToken,
                                            pendingPromotions: pending))
        response.setHeader("Cache-Control", "no-store")
        return response
    }

    /// Only same-site absolute paths, so the login form cannot be used as an open redirect.
    static func safeRedirectTarget(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"),
              !next.contains(where: { $0.isNewline }) else { return "/" }
        return next
    }
}
