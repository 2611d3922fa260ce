// Content-addressed files under the data directory: `<folder>/ab/cd/<sha256>.<ext>`, written to a
// temporary file, fsynced and renamed into place, so a reader never sees half a file and the same
// bytes are stored once.
import Foundation
import Glibc

/// A file in the store.
public struct StoredFile: Sendable, Equatable {
    public let sha256: String
    /// Relative to the data directory, e.g. `images/3f/a2/3fa2….jpg`.
    public let relativePath: String
    public let size: Int
    /// True when these exact bytes were already there (nothing new was written).
    public let alreadyStored: Bool
}

public struct ContentStore: Sendable {
    public let dataDirectory: URL

    public init(dataDirectory: URL) {
        self.dataDirectory = dataDirectory
    }

    /// Starts a file whose bytes arrive in pieces; commit it into a folder, or discard it.
    public func begin() throws -> PendingFile {
        let temporaryDirectory = dataDirectory.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: temporaryDirectory, withIntermediateDirectories: true)
        return try PendingFile(store: self, directory: temporaryDirectory.path)
    }

    /// Stores a whole buffer at once.
    public func store(_ bytes: [UInt8], in folder: String, extension fileExtension: String) throws -> StoredFile {
        let pending = try begin()
        try pending.append(bytes)
        return try pending.commit(in: folder, extension: fileExtension)
    }

    public func url(of relativePath: String) -> URL {
        dataDirectory.appendingPathComponent(relativePath)
    }

    /// `images/ab/cd/<sha>.<ext>`: two levels of fan-out keep directories small.
    static func relativePath(folder: String, sha256: String, extension fileExtension: String) throws -> String {
        let simple = { (part: String) in
            !part.isEmpty && part.count <= 16 && part.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        }
        guard simple(folder) else { throw FileStoreError.invalidName(folder) }
        guard simple(fileExtension) else { throw FileStoreError.invalidName(fileExtension) }
        let hex = Array(sha256)
        return "\(folder)/\(String(hex[0..<2]))/\(String(hex[2..<4]))/\(sha256).\(fileExtension)"
    }
}
