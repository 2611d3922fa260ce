// The authenticated caller of a request and how they proved it.
import Auth
import Domain
import Store
import Web

public struct Principal: Sendable {
    public enum Credential: Sendable {
        /// A browser session; `secret` is the cookie value (needed to derive the CSRF token).
        case session(secret: String)
        case token(APIToken)
    }

    public let user: User
    public let credential: Credential

    /// The token this session's forms must carry; nil for API tokens, which need none.
    public var csrfToken: String? {
        if case .session(let secret) = credential { return CSRF.token(forSession: secret) }
        return nil
    }

    public func attribution(_ request: Web.Request) -> Attribution {
        Attribution(userID: user.id, username: user.username, remoteAddress: request.remoteAddress)
    }

    public func has(_ role: Role) -> Bool { user.role >= role }
}
