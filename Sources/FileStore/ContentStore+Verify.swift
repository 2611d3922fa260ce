// Checking a stored file against the digest recorded for it (model artifacts before Production).
import Crypto
import Foundation

/// A file's digest with the size and modification time it had when hashed.
public struct FileFingerprint: Sendable, Equatable {
    public let sha256: String
    public let size: Int
    public let modified: Date
}

extension ContentStore {
    /// The file's sha256, or nil when it does not exist.
    public func sha256(ofFileAt relativePath: String) throws -> String? {
        try fingerprint(ofFileAt: relativePath)?.sha256
    }

    /// The file's sha256 with its size and modification time, or nil when it does not exist. A file
    /// that changes while it is hashed is hashed again, so the three always describe one content.
    public func fingerprint(ofFileAt relativePath: String) throws -> FileFingerprint? {
        for _ in 0..<3 {
            guard let before = stat(relativePath) else { return nil }
            guard let handle = FileHandle(forReadingAtPath: url(of: relativePath).path) else { return nil }
            defer { try? handle.close() }
            var hasher = SHA256()
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                hasher.update(data: chunk)
            }
            if stat(relativePath).map({ $0 == before }) == true {
                return FileFingerprint(sha256: hasher.finalize().map { String(format: "%02x", $0) }.joined(),
                                       size: before.size, modified: before.modified)
            }
        }
        throw FileStoreError.io(operation: "hash", path: relativePath, reason: "the file kept changing while it was read", diskFull: false)
    }

    /// True while the file has the size and modification time it had when `fingerprint` was taken.
    public func isUnchanged(_ relativePath: String, since fingerprint: FileFingerprint) -> Bool {
        stat(relativePath).map { $0.size == fingerprint.size && $0.modified == fingerprint.modified } ?? false
    }

    private func stat(_ relativePath: String) -> (size: Int, modified: Date)? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url(of: relativePath).path),
              let size = attributes[.size] as? Int, let modified = attributes[.modificationDate] as? Date else { return nil }
        return (size, modified)
    }
}
