// An HTTP response: status, headers and a body, with constructors for the shapes Loupe sends.
import Foundation

public struct Response: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// Writes the body in pieces after the head is sent, for bodies too large to hold (exports).
    /// Runs after the handler has returned, so it must fail only for reasons the server owns: an
    /// error then cuts the body short, which the client sees as a truncated (unparseable) file.
    public var stream: BodyWriter?
    /// The pattern of the route that answered (`/api/v1/images/{id}`), set by `Responder`: a label
    /// for request metrics that does not grow with every id.
    public var route: String?

    public typealias BodyWriter = @Sendable (_ write: ([UInt8]) throws -> Void) throws -> Void

    public init(status: Int = 200, headers: [(name: String, value: String)] = [], body: [UInt8] = [], stream: BodyWriter? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.stream = stream
    }

    /// The whole body, running the stream if there is one (for tests and small callers).
    public func collectedBody() throws -> [UInt8] {
        var whole = body
        try stream? { whole.append(contentsOf: $0) }
        return whole
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.equalsIgnoringASCIICase(name) }?.value
    }

    public mutating func setHeader(_ name: String, _ value: String) {
        headers.removeAll { $0.name.equalsIgnoringASCIICase(name) }
        headers.append((name, value))
    }

    public mutating func addHeader(_ name: String, _ value: String) { headers.append((name, value)) }

    // MARK: - Constructors

    /// A JSON body from any `Encodable`; keys are written in snake_case.
    public static func json<T: Encodable>(_ value: T, status: Int = 200) throws -> Response {
        Response(status: status, headers: [("Content-Type", "application/json")], body: try StreamingJSONEncoder.encode(value))
    }

    /// A page built with `HTML`, so every value in it was escaped.
    public static func html(_ page: HTML, status: Int = 200) -> Response {
        Response(status: status, headers: [("Content-Type", "text/html; charset=utf-8")], body: Array(page.text.utf8))
    }

    public static func text(_ text: String, status: Int = 200) -> Response {
        Response(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array(text.utf8))
    }

    /// 303 See Other: the answer to a successful form post.
    public static func redirect(to location: String, status: Int = 303) -> Response {
        Response(status: status, headers: [("Location", location)])
    }

    public static func noContent() -> Response { Response(status: 204) }
}
