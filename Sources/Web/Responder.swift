// Turns a request into a response: routing, error mapping, and the guarantee that nothing escapes.

/// Wraps a router so that every request gets a response: errors that know their status become the
/// error shape; anything else is logged with the request id and answered with a bare 500.
public struct Responder: Sendable {
    public let router: Router
    private let logUnexpected: @Sendable (Request, any Error) -> Void

    public init(router: Router, logUnexpected: @escaping @Sendable (Request, any Error) -> Void) {
        self.router = router
        self.logUnexpected = logUnexpected
    }

    public func respond(to request: Request) -> Response {
        var response: Response
        var pattern = Router.unmatched
        do {
            let (route, parameters) = try router.route(for: request)
            pattern = route.pattern
            var routed = request
            routed.pathParameters = parameters
            response = try route.handler(routed)
        } catch {
            if let known = error.clientError {
                response = ErrorRendering.response(for: known, request: request)
            } else {
                logUnexpected(request, error)
                let internalError = HTTPError(
                    HTTPStatus.internalServerError, code: "internal_error",
                    message: "Something went wrong on our side. Quote request id \(request.requestID) when reporting it.")
                response = ErrorRendering.response(for: internalError, request: request)
            }
        }
        response.route = pattern
        if request.method == .HEAD { (response.body, response.stream) = ([], nil) }
        if response.header("X-Request-Id") == nil, !request.requestID.isEmpty {
            response.addHeader("X-Request-Id", request.requestID)
        }
        return response
    }
}
