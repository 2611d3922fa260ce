// HTTP request methods the router knows.

public enum HTTPMethod: String, Sendable, CaseIterable {
    case GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS

    /// Methods that change state and therefore need CSRF protection when authenticated by cookie.
    public var isUnsafe: Bool { self == .POST || self == .PUT || self == .PATCH || self == .DELETE }
}
