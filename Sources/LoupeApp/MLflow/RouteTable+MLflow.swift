// MLflow's routes: parameters parsed their way, and every refusal and client mistake in MLflow's
// error shape with a 4xx status (MLflow's client retries 5xx for minutes).
import Web

extension RouteTable {
    /// An MLflow route: its parameters read from the query or JSON body, and every refusal and client
    /// mistake (the access rule's included) answered in MLflow's error shape.
    mutating func addMLflow(_ method: HTTPMethod, _ pattern: String, access: Access<UserContext>,
                            _ handler: @escaping @Sendable (MLflowParams, UserContext) throws -> Response) {
        add(method, pattern, access: access, recover: MLflowError.response(for:_:)) { request, context in
            try handler(try MLflowParams(request), context)
        }
    }
}

extension MLflowError {
    /// MLflow's error shape for a refusal or a client mistake, with a 4xx status (the rule's refusals
    /// included). A real server fault is rethrown and stays a logged 500.
    static func response(for error: any Error, _ request: Request) throws -> Response {
        guard let http = error.clientError else { throw error }
        let (status, code): (Int, String) = switch http.status {
        case 401: (401, "UNAUTHENTICATED")
        case 403: (403, "PERMISSION_DENIED")
        case 404: (404, "RESOURCE_DOES_NOT_EXIST")
        case 409 where http.code == "duplicate": (400, "RESOURCE_ALREADY_EXISTS")
        default: (400, "INVALID_PARAMETER_VALUE")
        }
        return try .json(MLflowError(errorCode: code, message: http.message), status: status)
    }
}
