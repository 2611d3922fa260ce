// Adding routes with their access rules: the handler runs only after its rule has resolved the
// context it takes. Web's router records each rule beside its route.
import Store
import Web

/// How a route's callers are treated beyond its rule.
public struct RouteOptions: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// A server-rendered page: an anonymous visitor is sent to the login page, not given a 401.
    public static let page = RouteOptions(rawValue: 1)
    /// Takes a streamed multipart form whose CSRF token may come as a field ahead of the files.
    public static let multipartForm = RouteOptions(rawValue: 2)
}

public struct RouteTable {
    public private(set) var router = Router()
    let store: any AccessStore
    let authenticator: Authenticator

    init(store: any AccessStore, authenticator: Authenticator) {
        self.store = store
        self.authenticator = authenticator
    }

    /// `recover` turns errors (the rule's refusals included) into a response in a foreign API's shape.
    public mutating func add<Context>(
        _ method: HTTPMethod, _ pattern: String, access: Access<Context>, options: RouteOptions = [],
        recover: (@Sendable (any Error, Request) throws -> Response)? = nil,
        _ handler: @escaping @Sendable (Request, Context) throws -> Response
    ) {
        let gate = Gatekeeper(store: store, authenticator: authenticator, options: options)
        router.add(method, pattern, access: access, takesMultipart: options.contains(.multipartForm)) { request in
            do {
                return try handler(request, try access.resolve(request, gate))
            } catch {
                guard let recover else { throw error }
                return try recover(error, request)
            }
        }
    }
}
