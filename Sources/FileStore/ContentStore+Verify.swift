// Re-reading a stored file to prove it still holds the bytes its name promises.
import Crypto
import Foundation

extension ContentStore {
    /// The sha256 (lowercase hex) of the file now at `relativePath`, read in 1 MiB pieces; nil when it is missing.
    public func sha256(ofFileAt relativePath: String) throws -> String? {
        guard let handle = FileHandle(forReadingAtPath: url(of: relativePath).path) else { return nil }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
