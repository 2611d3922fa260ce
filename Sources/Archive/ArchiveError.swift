// What can be wrong with a zip file, in words an uploader can act on.

public enum ArchiveError: Error, Equatable, CustomStringConvertible {
    case notZip
    case zip64
    case encrypted(name: String)
    case unsupportedMethod(name: String, method: Int)
    case tooLarge(name: String, limit: Int)
    case corrupt(String)

    public var description: String {
        switch self {
        case .notZip: "The file is not a zip archive."
        case .zip64: "Zip64 archives (over 4 GB or 65,535 files) are not supported."
        case .encrypted(let name): "'\(name)' is encrypted; zip it without a password."
        case .unsupportedMethod(let name, let method): "'\(name)' uses compression method \(method); use stored or deflate."
        case .tooLarge(let name, let limit): "'\(name)' unpacks to more than \(limit) bytes."
        case .corrupt(let detail): "The zip archive is damaged: \(detail)."
        }
    }
}
