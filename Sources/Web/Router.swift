// Maps (method, path) to a handler; `{name}` segments become path parameters. Every route carries
// the access rule it was registered with: there is no way to add one without.

public typealias Handler = @Sendable (Request) throws -> Response

/// Who may call a route, as the application defines it. The router keeps it beside the route so the
/// table can be read back (tests, documentation); the handler it is given already enforces it.
public protocol RouteAccess: Sendable {
    /// How the rule reads to a person, e.g. "signed in" or "project member (reviewer)".
    var summary: String { get }
}

public struct Route: Sendable {
    public let method: HTTPMethod
    /// e.g. `/api/v1/users/{id}`
    public let pattern: String
    public let access: any RouteAccess
    /// The route reads a streamed multipart form (its documentation says so).
    public let takesMultipart: Bool
    let segments: [Segment]
    let handler: Handler

    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
        /// `{id}`, `{userId}`: digits only, so `/models/versions` is never model "versions".
        case number(String)
    }

    /// Parameters named `id` or `…Id` are row ids: whole numbers.
    public static func isNumeric(_ name: String) -> Bool { name == "id" || name.hasSuffix("Id") }

    init(method: HTTPMethod, pattern: String, access: any RouteAccess, takesMultipart: Bool, handler: @escaping Handler) {
        self.method = method
        self.pattern = pattern
        self.access = access
        self.takesMultipart = takesMultipart
        self.handler = handler
        self.segments = Route.split(pattern).map { part in
            guard part.hasPrefix("{") && part.hasSuffix("}") else { return .literal(String(part)) }
            let name = String(part.dropFirst().dropLast())
            return Route.isNumeric(name) ? .number(name) : .parameter(name)
        }
    }

    static func split(_ path: String) -> [Substring] { path.split(separator: "/", omittingEmptySubsequences: true) }

    /// `/api/v1/projects/{id}/members/{userId}` → ["id", "userId"]
    public static func parameterNames(_ pattern: String) -> [String] {
        split(pattern).filter { $0.hasPrefix("{") && $0.hasSuffix("}") }.map { String($0.dropFirst().dropLast()) }
    }

    /// The path parameters if `path` fits this route's pattern.
    func match(_ parts: [Substring]) -> [String: String]? {
        guard parts.count == segments.count else { return nil }
        var parameters: [String: String] = [:]
        for (segment, part) in zip(segments, parts) {
            switch segment {
            case .literal(let text): if text != part { return nil }
            case .parameter(let name): parameters[name] = String(part)
            case .number(let name):
                guard part.utf8.allSatisfy({ (48...57).contains($0) }) else { return nil }
                parameters[name] = String(part)
            }
        }
        return parameters
    }
}

/// Routes are added at start-up; afterwards the router is read-only and shared by every request.
public struct Router: Sendable {
    /// The label requests get when no route matched (404, 405): paths themselves are never labels.
    public static let unmatched = "unmatched"

    public private(set) var routes: [Route] = []

    public init() {}

    /// Adds a route whose `handler` enforces `access` (the router only records it).
    public mutating func add(_ method: HTTPMethod, _ pattern: String, access: any RouteAccess, takesMultipart: Bool = false,
                             _ handler: @escaping Handler) {
        precondition(!routes.contains { $0.method == method && $0.pattern == pattern }, "duplicate route \(method) \(pattern)")
        routes.append(Route(method: method, pattern: pattern, access: access, takesMultipart: takesMultipart, handler: handler))
    }

    /// Finds the route for a request; HEAD falls back to GET. Throws 404 or 405 (with `Allow`).
    public func route(for request: Request) throws -> (Route, [String: String]) {
        let parts = Route.split(request.path)
        var allowed: Set<String> = []
        for route in routes {
            guard let parameters = route.match(parts) else { continue }
            if route.method == request.method || (request.method == .HEAD && route.method == .GET) {
                return (route, parameters)
            }
            allowed.insert(route.method.rawValue)
        }
        if allowed.isEmpty {
            throw HTTPError.notFound("Nothing here: \(request.method.rawValue) \(request.path).")
        }
        throw HTTPError(
            HTTPStatus.methodNotAllowed, code: "method_not_allowed",
            message: "\(request.method.rawValue) is not allowed here; use \(allowed.sorted().joined(separator: ", ")).",
            headers: ["Allow": allowed.sorted().joined(separator: ", ")])
    }
}
