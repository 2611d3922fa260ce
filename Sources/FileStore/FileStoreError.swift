// Why a file could not be stored, with the system's reason.
import Glibc

public enum FileStoreError: Error, Equatable, CustomStringConvertible {
    /// A system call failed: which, on what, and errno's words ("No space left on device").
    case io(operation: String, path: String, reason: String, diskFull: Bool)
    case invalidName(String)
    case alreadyFinished
    /// No file is stored under this path.
    case missing(String)
    /// The object store setting (`--object-store`, `LOUPE_OBJECT_STORE`) cannot be used.
    case objectStoreSetting(String)
    /// The object store did not answer, or answered 5xx: worth trying again later.
    case objectStoreUnavailable(String)
    /// The object store refused the request (a signature, a missing bucket, …).
    case objectStore(String)
    /// Bytes fetched from the object store are not the bytes their content address names.
    case corrupt(path: String, sha256: String)

    static func io(_ operation: String, _ path: String, errno code: Int32 = errno) -> FileStoreError {
        .io(operation: operation, path: path, reason: String(cString: strerror(code)), diskFull: code == ENOSPC || code == EDQUOT)
    }

    public var description: String {
        switch self {
        case .io(let operation, let path, let reason, _): "\(operation) \(path): \(reason)"
        case .invalidName(let name): "not a valid stored-file name part: \(name)"
        case .alreadyFinished: "the file was already committed or discarded"
        case .missing(let path): "\(path) is not in the file store"
        case .objectStoreSetting(let message), .objectStoreUnavailable(let message), .objectStore(let message): message
        case .corrupt(let path, let sha256): "\(path) from the object store has sha256 \(sha256), not the one its name says"
        }
    }
}
