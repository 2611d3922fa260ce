// The access rule Web's own tests register routes with: the router only records it.
import Web

struct OpenAccess: RouteAccess {
    var summary: String { "anyone (test)" }
}

extension RouteAccess where Self == OpenAccess {
    static var open: OpenAccess { OpenAccess() }
}
