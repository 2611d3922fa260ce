// How errors from the auth and store modules answer over HTTP.
import Auth
import Store
import Web

extension AuthError: HTTPErrorConvertible {
    public var httpError: HTTPError? {
        switch self {
        case .invalidUsername, .weakPassword, .invalidTokenName:
            HTTPError(HTTPStatus.unprocessable, code: "invalid_field", message: message, field: field)
        case .invalidCredentials:
            HTTPError(HTTPStatus.unauthorized, code: "invalid_credentials", message: message)
        case .throttled(let seconds):
            HTTPError(HTTPStatus.tooManyRequests, code: "throttled", message: message,
                      headers: ["Retry-After": String(seconds)])
        }
    }
}

extension StoreError: HTTPErrorConvertible {
    public var httpError: HTTPError? {
        switch self {
        case .duplicate(let field, _):
            HTTPError(HTTPStatus.conflict, code: "duplicate", message: description.capitalizedFirst + ".", field: field)
        case .notFound(let entity):
            .notFound("No such \(entity).")
        case .invalid(let field, let message):
            HTTPError(HTTPStatus.unprocessable, code: "invalid_field", message: message, field: field)
        case .lastAdmin:
            HTTPError(HTTPStatus.conflict, code: "last_admin", message: description.capitalizedFirst + ".")
        case .cannotOpen, .schemaTooNew, .corrupt:
            nil  // the operator's problem: logged with the request id, a bare 500 for the client
        }
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
