// Checking a stored file against the digest recorded for it (model artifacts before Production).
import Foundation

/// A file's digest with the size and revision it had when hashed.
public struct FileFingerprint: Sendable, Equatable {
    public let sha256: String
    public let size: Int
    /// On disk the modification time; in a bucket the ETag and Last-Modified. Replacing the file changes it.
    public let revision: String
}

extension ContentStore {
    /// The file's sha256, or nil when it does not exist.
    public func sha256(ofFileAt relativePath: String) throws -> String? {
        try fingerprint(ofFileAt: relativePath)?.sha256
    }

    /// The file's sha256 with its size and revision, or nil when it does not exist. A file that
    /// changes while it is hashed is hashed again, so the three always describe one content.
    public func fingerprint(ofFileAt relativePath: String) throws -> FileFingerprint? {
        for _ in 0..<3 {
            guard let before = try version(relativePath) else { return nil }
            let digest = ContentDigest(expecting: relativePath)
            if let objects {
                guard try objects.get(relativePath, into: { digest.update($0) }) else { return nil }
            } else {
                guard let handle = FileHandle(forReadingAtPath: url(of: relativePath).path) else { return nil }
                defer { try? handle.close() }
                while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                    chunk.withUnsafeBytes { digest.update($0) }
                }
            }
            if let after = try version(relativePath), after == before {
                return FileFingerprint(sha256: digest.hex, size: before.size, revision: before.revision)
            }
        }
        throw FileStoreError.io(operation: "hash", path: relativePath, reason: "the file kept changing while it was read", diskFull: false)
    }

    /// True while the file has the size and revision it had when `fingerprint` was taken.
    public func isUnchanged(_ relativePath: String, since fingerprint: FileFingerprint) -> Bool {
        (try? version(relativePath)).flatMap { $0 }.map { $0.size == fingerprint.size && $0.revision == fingerprint.revision } ?? false
    }

    private func version(_ relativePath: String) throws -> (size: Int, revision: String)? {
        if let objects { return try objects.head(relativePath).map { ($0.size, $0.revision) } }
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url(of: relativePath).path),
              let size = attributes[.size] as? Int, let modified = attributes[.modificationDate] as? Date else { return nil }
        return (size, String(modified.timeIntervalSince1970))
    }
}
