// The files of an upload as readers see them: a zip's entries, or the one file sent.

public protocol DatasetFiles {
    /// Every file's path, folders joined with `/`.
    var names: [String] { get }
    func data(_ name: String) throws -> [UInt8]
}

/// One file sent on its own (a CVAT XML, a Label Studio JSON, a VIA CSV).
public struct SingleFile: DatasetFiles {
    public let name: String
    public let bytes: [UInt8]

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }

    public var names: [String] { [name] }
    public func data(_ name: String) throws -> [UInt8] { bytes }
}

/// Paths split into folder, stem and extension, and the images among the files.
public enum DatasetPath {
    public static let imageExtensions: Set<String> = ["jpg", "jpeg", "png"]

    public static func baseName(_ path: String) -> String {
        String(path.split(separator: "/", omittingEmptySubsequences: false).last ?? "")
    }

    public static func folder(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    public static func stem(_ path: String) -> String {
        let base = baseName(path)
        guard let dot = base.lastIndex(of: "."), dot != base.startIndex else { return base }
        return String(base[..<dot])
    }

    public static func fileExtension(_ path: String) -> String {
        let base = baseName(path)
        guard let dot = base.lastIndex(of: "."), dot != base.startIndex else { return "" }
        return base[base.index(after: dot)...].lowercased()
    }

    public static func isImage(_ path: String) -> Bool { imageExtensions.contains(fileExtension(path)) }

    /// Files a reader should never look at: macOS's resource forks and Finder files.
    public static func isJunk(_ path: String) -> Bool {
        path.hasPrefix("__MACOSX/") || baseName(path).hasPrefix("._") || baseName(path) == ".DS_Store"
    }
}

/// The upload's image files by base name, for formats that name an image but not its folder.
public struct UploadedImages: Sendable {
    private let byBaseName: [String: [String]]

    public init(_ names: [String]) {
        var byBaseName: [String: [String]] = [:]
        for name in names where DatasetPath.isImage(name) { byBaseName[DatasetPath.baseName(name).lowercased(), default: []].append(name) }
        self.byBaseName = byBaseName
    }

    /// The one file called like `fileName` (case aside, in any folder), nil when there is none; two
    /// such files are a fault at `path` rather than a guess.
    public func file(named fileName: String, at path: String) throws -> String? {
        let found = byBaseName[DatasetPath.baseName(fileName).lowercased()] ?? []
        guard found.count <= 1 else {
            throw DatasetFormatError(path: path, message: "Several files are called '\(fileName)': \(found.sorted().joined(separator: ", ")).")
        }
        return found.first
    }
}
