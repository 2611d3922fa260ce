// What can be wrong with a zip file, in words an uploader can act on.

public enum ArchiveError: Error, Equatable, CustomStringConvertible {
    case notZip
    case encrypted(name: String)
    case unsupportedMethod(name: String, method: Int)
    case tooLarge(name: String, limit: Int)
    case corrupt(String)
    case unsafePath(name: String)
    case tooManyBytes(limit: Int)

    public var description: String {
        switch self {
        case .notZip: "The file is not a zip archive."
        case .encrypted(let name): "'\(name)' is encrypted; zip it without a password."
        case .unsupportedMethod(let name, let method): "'\(name)' uses compression method \(method); use stored or deflate."
        case .tooLarge(let name, let limit): "'\(name)' unpacks to more than \(limit) bytes."
        case .corrupt(let detail): "The zip archive is damaged: \(detail)."
        case .unsafePath(let name): "'\(name)' is an absolute path or climbs out of the archive (..); refused."
        case .tooManyBytes(let limit): "The archive unpacks to more than \(limit / (1 << 20)) MB in all."
        }
    }
}
