// The one error shape every failing request answers with: {"error":{"code","message","field"}}.

/// An error that knows its HTTP status. Handlers throw it; the responder renders it.
public struct HTTPError: Error, Sendable, Equatable {
    public var status: Int
    /// Stable, machine-readable: `invalid_credentials`, `csrf_failed`, `not_found`, …
    public var code: String
    /// For people: says what went wrong and, where it helps, what to do.
    public var message: String
    /// The input field at fault (`username`, `shapes[2].x`), if any.
    public var field: String?
    /// Extra response headers, e.g. `Retry-After` on a 429 or `Allow` on a 405.
    public var headers: [String: String]
    /// Numbers the client needs beside the error, as top-level keys (a 409's `revision`).
    public var extra: [String: Int]

    public init(_ status: Int, code: String, message: String, field: String? = nil, headers: [String: String] = [:],
                extra: [String: Int] = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.headers = headers
        self.extra = extra
    }

    public static func badRequest(_ message: String, field: String? = nil, code: String = "invalid_request") -> HTTPError {
        HTTPError(HTTPStatus.badRequest, code: code, message: message, field: field)
    }

    public static func notFound(_ message: String = "Not found.") -> HTTPError {
        HTTPError(HTTPStatus.notFound, code: "not_found", message: message)
    }

    public static func forbidden(_ message: String = "You do not have permission to do this.") -> HTTPError {
        HTTPError(HTTPStatus.forbidden, code: "forbidden", message: message)
    }

    public static let unauthenticated = HTTPError(
        HTTPStatus.unauthorized, code: "unauthenticated", message: "Log in or send an API token.")
}

/// Errors from other modules adopt this to say which HTTP error they are. `nil` means the
/// error is not the client's doing: it is logged and answered with a bare 500.
public protocol HTTPErrorConvertible: Error {
    var httpError: HTTPError? { get }
}

extension HTTPError: HTTPErrorConvertible {
    public var httpError: HTTPError? { self }
}

extension Error {
    /// The HTTP error this error stands for, if it is one a client should hear about.
    public var clientError: HTTPError? { (self as? any HTTPErrorConvertible)?.httpError }
}
