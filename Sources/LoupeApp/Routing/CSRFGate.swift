// The CSRF rule for one request, decided in one place (`Gatekeeper`): cookie sessions prove each
// state-changing request with their token; API tokens carry no ambient authority and need none.
import Auth
import Web

/// Whether the request still owes its CSRF token. Only a streamed multipart form may owe it past the
/// access rule, and its reader (`MultipartForm`) settles it before the first byte of any file.
public enum CSRFGate: Sendable {
    case passed
    /// A cookie session whose token may arrive as the form's `csrf_token` field.
    case awaitingField(sessionSecret: String)

    static let field = "csrf_token"
    static let header = "x-csrf-token"

    static let failed = HTTPError(HTTPStatus.forbidden, code: "csrf_failed",
                                  message: "The form's security token is missing or stale. Reload the page and try again.")

    /// Settles the gate with the token a form carried (nil when a file arrived first: refused).
    func settle(with submitted: String?) throws -> CSRFGate {
        guard case .awaitingField(let secret) = self else { return self }
        guard CSRF.isValid(submitted, forSession: secret) else { throw Self.failed }
        return .passed
    }
}
