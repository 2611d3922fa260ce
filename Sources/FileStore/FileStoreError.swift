// Why a file could not be stored, with the system's reason.
import Glibc

public enum FileStoreError: Error, Equatable, CustomStringConvertible {
    /// A system call failed: which, on what, and errno's words ("No space left on device").
    case io(operation: String, path: String, reason: String, diskFull: Bool)
    case invalidName(String)
    case alreadyFinished

    static func io(_ operation: String, _ path: String, errno code: Int32 = errno) -> FileStoreError {
        .io(operation: operation, path: path, reason: String(cString: strerror(code)), diskFull: code == ENOSPC || code == EDQUOT)
    }

    public var description: String {
        switch self {
        case .io(let operation, let path, let reason, _): "\(operation) \(path): \(reason)"
        case .invalidName(let name): "not a valid stored-file name part: \(name)"
        case .alreadyFinished: "the file was already committed or discarded"
        }
    }
}
