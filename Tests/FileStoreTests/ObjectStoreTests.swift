// The content store on a real S3-compatible server (SeaweedFS, started by scripts/test, which sets
// LOUPE_TEST_S3_URL): the same contract as on disk, plus conditional writes, checked reads and
// presigned GETs.
import Foundation
import Synchronization
import Testing
@testable import FileStore
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

private let serverURL = ProcessInfo.processInfo.environment["LOUPE_TEST_S3_URL"]

@Suite(.enabled(if: serverURL != nil, "needs LOUPE_TEST_S3_URL (scripts/test starts SeaweedFS)"))
struct ObjectStoreTests {
    let root: URL
    let bucket: S3Bucket
    let store: ContentStore

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-objects-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        bucket = try S3Bucket(url: serverURL!)
        store = ContentStore(dataDirectory: root, objects: bucket)
    }

    /// Bytes no other test stores, so tests share the bucket without meeting.
    func uniqueBytes(_ count: Int = 1000) -> [UInt8] { Array(UUID().uuidString.utf8) + (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31) } }

    @Test func storesOnceReadsBackAndLeavesNothingLocal() throws {
        // Given some bytes stored twice
        let bytes = uniqueBytes()
        let first = try store.store(bytes, in: "images", extension: "jpg")
        let second = try store.store(bytes, in: "images", extension: "jpg")
        // Then the object is under the same key the filesystem store would use, written once
        #expect(first.relativePath.hasPrefix("images/\(first.sha256.prefix(2))/") && !first.alreadyStored && second.alreadyStored)
        #expect(try bucket.head(first.relativePath)?.size == bytes.count)
        #expect(try store.read(first.relativePath) == bytes)
        // And nothing stays on this machine's disk: no temporary file, no images/ folder
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("tmp").path).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("images").path))
    }

    @Test func twoWritersOfTheSameBytesRacingMakeOneObject() throws {
        // Given the same bytes committed by 6 writers at once (past the HEAD check, into the conditional PUT)
        let bytes = uniqueBytes(200_000)
        let results = Mutex<[StoredFile]>([])
        DispatchQueue.concurrentPerform(iterations: 6) { _ in
            if let stored = try? store.store(bytes, in: "images", extension: "png") { results.withLock { $0.append(stored) } }
        }
        let stored = results.withLock { $0 }
        // Then all succeed, name one key, and at most one says it wrote (the store refused the others' PUTs or they saw it there)
        #expect(stored.count == 6 && Set(stored.map(\.relativePath)).count == 1)
        #expect(stored.filter { !$0.alreadyStored }.count == 1)
        #expect(try store.read(stored[0].relativePath) == bytes)
    }

    @Test func aConditionalPutNeverReplacesAnObject() throws {
        let original = try store.store(uniqueBytes(), in: "models", extension: "loupe")
        let other = root.appendingPathComponent("other")
        try Data("something else".utf8).write(to: other)
        // When different bytes are PUT under the same key
        let written = try bucket.put(original.relativePath, fileAt: other.path, size: 14, sha256: sha256Hex("something else"))
        // Then the store keeps the original
        #expect(!written)
        #expect(try bucket.head(original.relativePath)?.size == original.size)
    }

    @Test func aPutWhoseBytesAreNotTheSignedHashIsRefused() throws {
        let file = root.appendingPathComponent("payload")
        try Data("the real bytes".utf8).write(to: file)
        // When the payload hash sent does not match the body (bytes damaged on the way)
        #expect(throws: FileStoreError.self) {
            try bucket.put("tests/\(UUID().uuidString).bin", fileAt: file.path, size: 14, sha256: sha256Hex("other bytes"))
        }
    }

    @Test func readsAreCheckedAgainstTheirAddress() throws {
        // Given an object whose bytes are not those its content address names (replaced behind Loupe's back)
        let stored = try store.store(uniqueBytes(), in: "images", extension: "jpg")
        try bucket.delete(stored.relativePath)
        let tampered = root.appendingPathComponent("tampered")
        try Data("tampered".utf8).write(to: tampered)
        #expect(try bucket.put(stored.relativePath, fileAt: tampered.path, size: 8, sha256: sha256Hex("tampered")))
        // Then reading it fails, naming the file
        #expect(throws: FileStoreError.corrupt(path: stored.relativePath, sha256: sha256Hex("tampered"))) { try store.read(stored.relativePath) }
    }

    @Test func missingFilesAreNamedAndRemovingTwiceIsNoError() throws {
        let stored = try store.store(uniqueBytes(50_000), in: "images", extension: "jpg")
        try store.remove(stored.relativePath)
        #expect(throws: FileStoreError.missing(stored.relativePath)) { try store.read(stored.relativePath) }
        #expect(try bucket.head(stored.relativePath) == nil)
        try store.remove(stored.relativePath)
    }

    @Test func aFingerprintTellsWhenTheObjectWasReplaced() throws {
        let stored = try store.store(uniqueBytes(), in: "models", extension: "loupe")
        let fingerprint = try #require(try store.fingerprint(ofFileAt: stored.relativePath))
        #expect(fingerprint.sha256 == stored.sha256 && fingerprint.size == stored.size)
        #expect(store.isUnchanged(stored.relativePath, since: fingerprint))
        // When the object is replaced by other bytes
        try bucket.delete(stored.relativePath)
        let other = root.appendingPathComponent("other")
        try Data("model v2, longer".utf8).write(to: other)
        _ = try bucket.put(stored.relativePath, fileAt: other.path, size: 16, sha256: sha256Hex("model v2, longer"))
        #expect(!store.isUnchanged(stored.relativePath, since: fingerprint))
        #expect(try store.fingerprint(ofFileAt: stored.relativePath)?.sha256 == sha256Hex("model v2, longer"))
        try store.remove(stored.relativePath)
        #expect(try store.fingerprint(ofFileAt: stored.relativePath) == nil)
    }

    @Test func aPresignedGetServesTheBytesUntilItExpires() throws {
        let bytes = uniqueBytes()
        let stored = try store.store(bytes, in: "thumbs", extension: "jpg")
        let target = store.redirectTarget(stored.relativePath)
        #expect(target.hasPrefix("/_objects/\(bucket.location.bucket)/thumbs/"))
        // The path after /_objects is what nginx asks the store for, with no credentials of its own
        let url = URL(string: bucket.location.endpoint + target.dropFirst("/_objects".count))!
        #expect([UInt8](try Data(contentsOf: url)) == bytes)
        #expect(store.redirectTarget(stored.relativePath, artifact: true).hasPrefix("/_object-artifacts/"))
        // An expired or altered signature is refused
        let expired = bucket.presignedPath(stored.relativePath, expires: 1, now: Date(timeIntervalSinceNow: -60))
        #expect(throws: (any Error).self) { try Data(contentsOf: URL(string: bucket.location.endpoint + expired)!) }
        let altered = bucket.presignedPath(stored.relativePath).replacingOccurrences(of: "thumbs/", with: "images/")
        #expect(throws: (any Error).self) { try Data(contentsOf: URL(string: bucket.location.endpoint + altered)!) }
    }

    @Test func aWrongSecretOrBucketOrAStoppedServerSaysSo() throws {
        var parts = URLComponents(string: serverURL!)!
        parts.password = "wrong-secret"
        #expect(throws: FileStoreError.self) { try S3Bucket(url: parts.string!).checkAccess() }
        do {
            try S3Bucket(url: parts.string!).checkAccess()
        } catch {
            #expect("\(error)".contains("refused access key") && !"\(error)".contains("wrong-secret"))
        }
        parts = URLComponents(string: serverURL!)!
        parts.path = "/no-such-bucket"
        #expect(throws: FileStoreError.objectStoreSetting("The object store at \(bucket.location.endpoint) has no bucket no-such-bucket.")) {
            try S3Bucket(url: parts.string!).checkAccess()
        }
        try bucket.checkAccess()
        // A port nothing listens on: unavailable (a 503 for requests, a wait for jobs), not a crash
        parts = URLComponents(string: serverURL!)!
        parts.port = 1
        let unreachable = ContentStore(dataDirectory: root, objects: try S3Bucket(url: parts.string!))
        do {
            _ = try unreachable.store([1, 2, 3], in: "images", extension: "jpg")
            Issue.record("stored into a store that is not there")
        } catch FileStoreError.objectStoreUnavailable(let message) {
            #expect(message.contains("127.0.0.1:1") || message.contains(":1/"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("tmp").path).isEmpty)
    }
}

func sha256Hex(_ text: String) -> String {
    let digest = ContentDigest(expecting: "")
    Array(text.utf8).withUnsafeBytes { digest.update($0) }
    return digest.hex
}
