// How errors from the auth and store modules answer over HTTP.
import Archive
import Auth
import Domain
import FileStore
import Imaging
import Store
import Tensor
import Web

extension ImagingError: HTTPErrorConvertible {
    public var httpError: HTTPError? {
        switch self {
        case .outOfMemory: nil
        case .tooLarge: HTTPError(HTTPStatus.payloadTooLarge, code: code, message: description, field: "file")
        default: HTTPError(HTTPStatus.unprocessable, code: code, message: description, field: "file")
        }
    }
}

extension FileStoreError: HTTPErrorConvertible {
    public var httpError: HTTPError? {
        switch self {
        case .io(_, _, _, diskFull: true):
            return .diskFull
        case .objectStoreUnavailable:
            return HTTPError(HTTPStatus.serviceUnavailable, code: "object_store_unavailable",
                             message: "The object store cannot be reached (it may be restarting); nothing was changed. Try again in a moment.")
        default:
            return nil  // logged as a 500: an operator's problem, not the uploader's
        }
    }
}

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
        case .keyFile:
            nil  // logged as a 500: the data directory's problem
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
        case .inUse:
            HTTPError(HTTPStatus.conflict, code: "in_use", message: description.capitalizedFirst + ". Reassign them to another label first (reassign_to).")
        case .staleRevision(let current):
            HTTPError(HTTPStatus.conflict, code: "stale_revision",
                      message: description.capitalizedFirst + ". Load the current shapes and reapply your changes; nothing was overwritten.",
                      field: "revision", extra: ["revision": current])
        case .wrongStatus:
            HTTPError(HTTPStatus.conflict, code: "wrong_status", message: description.capitalizedFirst + ".", field: "status")
        case .artifactMissing:
            HTTPError(HTTPStatus.conflict, code: "artifact_missing", message: description.capitalizedFirst + ".", field: "stage")
        case .artifactMismatch:
            HTTPError(HTTPStatus.conflict, code: "artifact_mismatch", message: description.capitalizedFirst + ".", field: "stage")
        case .artifactChanged:
            HTTPError(HTTPStatus.conflict, code: "artifact_changed", message: description.capitalizedFirst + ".", field: "stage")
        case .conflict(let code, let message):
            HTTPError(HTTPStatus.conflict, code: code, message: message)
        case .lastAdmin:
            HTTPError(HTTPStatus.conflict, code: "last_admin", message: description.capitalizedFirst + ".")
        case .diskFull:
            .diskFull
        case .unavailable:
            HTTPError(HTTPStatus.serviceUnavailable, code: "database_unavailable",
                      message: "The database cannot be reached (it may be restarting); nothing was changed. Try again in a moment.")
        case .cannotOpen, .schemaTooNew, .corrupt:
            nil  // the operator's problem: logged with the request id, a bare 500 for the client
        }
    }
}

extension HTTPError {
    /// The file store and SQLite both say this when the data dir's filesystem is full.
    static let diskFull = HTTPError(507, code: "disk_full", message: "The server's disk is full; nothing was saved. Tell an admin.")
}

extension DatasetFormatError: HTTPErrorConvertible {
    public var httpError: HTTPError? {
        HTTPError(HTTPStatus.unprocessable, code: "invalid_file", message: "\(path): \(message)", field: path)
    }
}

extension ArchiveError: HTTPErrorConvertible {
    public var httpError: HTTPError? {
        HTTPError(HTTPStatus.unprocessable, code: "invalid_zip", message: description, field: "file")
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}

extension TrainingConfigError: HTTPErrorConvertible {
    public var httpError: HTTPError? {
        HTTPError(HTTPStatus.unprocessable, code: "invalid_field", message: "\(field): \(message)", field: field)
    }
}

extension TensorError: HTTPErrorConvertible {
    /// A model file that cannot be read is named as such: the client asked to run it.
    public var httpError: HTTPError? {
        HTTPError(HTTPStatus.unprocessable, code: "unusable_model", message: "The model file cannot be used: \(description).")
    }
}
