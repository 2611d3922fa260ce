// Who is calling: a session cookie or a bearer token. What they may do is the route's rule
// (Routing/Gatekeeper.swift).
import Auth
import Domain
import Store
import Web

struct Authenticator: Sendable {
    let accounts: Accounts
    /// Adds `Secure` to cookies; set when nginx is behind HTTPS.
    let secureCookies: Bool

    static let sessionCookie = "loupe_session"
    static let loginCSRFCookie = "loupe_login_csrf"

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

    /// The session cookie's Set-Cookie value (an empty secret with max-age 0 ends it).
    func sessionCookie(secret: String, maxAge: Int) -> String {
        Cookies.setCookie(name: Self.sessionCookie, value: secret, maxAge: maxAge, secure: secureCookies)
    }
}
