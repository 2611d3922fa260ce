// Content-addressed files: `<folder>/ab/cd/<sha256>.<ext>`, under the data directory (the default)
// or as keys of the same names in an S3-compatible bucket, so workers and trainers on several hosts
// share them. On disk a file is written to a temporary file, fsynced and renamed into place; in a
// bucket it is uploaded with a conditional PUT. Either way a reader never sees half a file and the
// same bytes are stored once.
import Foundation
import Glibc

/// A file in the store.
public struct StoredFile: Sendable, Equatable {
    public let sha256: String
    /// Relative to the data directory (and the bucket's key), e.g. `images/3f/a2/3fa2….jpg`.
    public let relativePath: String
    public let size: Int
    /// True when these exact bytes were already there (nothing new was written).
    public let alreadyStored: Bool
}

public struct ContentStore: Sendable {
    public let dataDirectory: URL
    /// The bucket files live in; nil keeps them under the data directory.
    public let objects: S3Bucket?

    public init(dataDirectory: URL, objects: S3Bucket? = nil) {
        self.dataDirectory = dataDirectory
        self.objects = objects
    }

    /// Starts a file whose bytes arrive in pieces; commit it into a folder, or discard it. The bytes
    /// wait in the data directory's `tmp/` either way (an upload to a bucket streams from there).
    public func begin() throws -> PendingFile {
        let temporaryDirectory = dataDirectory.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: temporaryDirectory, withIntermediateDirectories: true)
        return try PendingFile(store: self, directory: temporaryDirectory.path)
    }

    /// The address bytes would have, without storing them (an import's dry run).
    public static func sha256(of bytes: [UInt8]) -> String {
        let digest = ContentDigest(expecting: "")
        bytes.withUnsafeBytes { digest.update($0) }
        return digest.hex
    }

    /// Stores a whole buffer at once; `durable: false` leaves it to a later `flush`.
    public func store(_ bytes: [UInt8], in folder: String, extension fileExtension: String, durable: Bool = true) throws -> StoredFile {
        let pending = try begin()
        try pending.append(bytes)
        return try pending.commit(in: folder, extension: fileExtension, durable: durable)
    }

    /// Makes every file stored with `durable: false` durable at once: one sync(2) (Glibc does not
    /// export syncfs) instead of two fsyncs per file. A bucket's files are durable already.
    public func flush() {
        guard objects == nil else { return }
        Glibc.sync()
    }

    /// Where the file is (or would be) on this machine's disk; not used with a bucket.
    public func url(of relativePath: String) -> URL {
        dataDirectory.appendingPathComponent(relativePath)
    }

    /// The file's bytes. Bytes from a bucket are checked against the sha256 their name carries.
    public func read(_ relativePath: String) throws -> [UInt8] {
        guard let objects else {
            guard let data = FileManager.default.contents(atPath: url(of: relativePath).path) else { throw FileStoreError.missing(relativePath) }
            return [UInt8](data)
        }
        let digest = ContentDigest(expecting: relativePath)
        var bytes: [UInt8] = []
        guard try objects.get(relativePath, into: { digest.update($0); bytes.append(contentsOf: $0) }) else { throw FileStoreError.missing(relativePath) }
        try digest.check()
        return bytes
    }

    /// Removes the file; a file already gone is not an error.
    public func remove(_ relativePath: String) throws {
        guard let objects else {
            if unlink(url(of: relativePath).path) != 0 && errno != ENOENT { throw FileStoreError.io("unlink", relativePath) }
            return
        }
        try objects.delete(relativePath)
    }

    /// The `X-Accel-Redirect` target that has nginx send the file: `/_files/…` (or `/_artifacts/…`)
    /// on disk; with a bucket, `/_objects/…` (`/_object-artifacts/…`) and a presigned GET that nginx
    /// proxies, so the browser never sees the store and the worker never carries the bytes.
    public func redirectTarget(_ relativePath: String, artifact: Bool = false) -> String {
        guard let objects else { return (artifact ? "/_artifacts/" : "/_files/") + relativePath }
        return (artifact ? "/_object-artifacts" : "/_objects") + objects.presignedPath(relativePath)
    }

    /// The type an object is stored with, which nginx passes on when it proxies the object.
    static func contentType(ofExtension fileExtension: String) -> String {
        switch fileExtension {
        case "jpg", "jpeg": "image/jpeg"
        case "png": "image/png"
        case "csv": "text/csv; charset=utf-8"
        case "json": "application/json"
        case "zip": "application/zip"
        default: "application/octet-stream"
        }
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
