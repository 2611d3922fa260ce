// Who is calling: session cookie or bearer token; role checks; CSRF enforced on every unsafe
// cookie-authenticated request, so no route can forget it.
import Auth
import Domain
import Store
import Web

extension AppContext {
    static let sessionCookie = "loupe_session"
    static let loginCSRFCookie = "loupe_login_csrf"
    static let csrfField = "csrf_token"
    static let csrfHeader = "x-csrf-token"

    /// The caller, or nil when the request carries no credentials. A bearer token that does not
    /// resolve is an error (a script should hear its token is bad, not be treated as anonymous).
    func authenticate(_ request: Request) throws -> Principal? {
        if let authorization = request.header("authorization") {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer",
                  let (token, user) = try accounts.token(secret: String(parts[1]))
            else {
                throw HTTPError(HTTPStatus.unauthorized, code: "invalid_token",
                                message: "The API token is unknown, revoked, or its user is disabled.",
                                headers: ["WWW-Authenticate": "Bearer"])
            }
            return Principal(user: user, credential: .token(token))
        }
        if let secret = request.cookies[Self.sessionCookie], let (_, user) = try accounts.session(secret: secret) {
            return Principal(user: user, credential: .session(secret: secret))
        }
        return nil
    }

    /// The caller, who must hold at least `role`. For a cookie session on a state-changing
    /// method the CSRF token must match (form field `csrf_token` or header `X-CSRF-Token`).
    /// Pages (`page: true`) send an anonymous visitor to the login page instead of a 401.
    /// When the CSRF token of a cookie session is checked: before the handler runs, or by the
    /// handler itself once it has read the token (streamed multipart forms carry it as a field).
    enum CSRFTiming { case beforeHandler, byHandler }

    @discardableResult
    func require(_ request: Request, role: Role = .annotator, form: FormFields? = nil, page: Bool = false,
                 csrf: CSRFTiming = .beforeHandler) throws -> Principal {
        guard let principal = try authenticate(request) else {
            if page || request.wantsHTML {
                let next = FormFields.encodeComponent(request.method == .GET ? request.path : "/")
                throw HTTPError(HTTPStatus.seeOther, code: "login_required", message: "Please log in.",
                                headers: ["Location": "/login.html?next=\(next)"])
            }
            throw HTTPError.unauthenticated
        }
        if csrf == .beforeHandler, request.method.isUnsafe {
            try checkCSRF(form?[Self.csrfField] ?? request.header(Self.csrfHeader), principal: principal)
        }
        guard principal.has(role) else {
            throw HTTPError.forbidden("This needs the \(role.rawValue) role; you are \(principal.user.role.rawValue).")
        }
        return principal
    }

    /// Cookie sessions must send their CSRF token; API tokens carry no ambient authority and need none.
    func checkCSRF(_ submitted: String?, principal: Principal) throws {
        guard case .session(let secret) = principal.credential else { return }
        guard CSRF.isValid(submitted, forSession: secret) else {
            throw HTTPError(HTTPStatus.forbidden, code: "csrf_failed",
                            message: "The form's security token is missing or stale. Reload the page and try again.")
        }
    }

    func sessionCookie(secret: String, maxAge: Int) -> String {
        Cookies.setCookie(name: Self.sessionCookie, value: secret, maxAge: maxAge, secure: secureCookies)
    }
}
