// The content-addressed store on a real temporary directory: addresses, dedup, atomicity, cleanup.
import Foundation
import Testing
@testable import FileStore

@Suite struct ContentStoreTests {
    let root: URL
    let store: ContentStore

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        store = ContentStore(dataDirectory: root)
    }

    func temporaryFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("tmp").path)
    }

    @Test func storesUnderItsHashOnce() throws {
        // Given some bytes, when they are stored twice
        let bytes = Array("abc".utf8)
        let first = try store.store(bytes, in: "images", extension: "jpg")
        let second = try store.store(bytes, in: "images", extension: "jpg")
        // Then both name the same content address, and only the first wrote anything
        #expect(first.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(first.relativePath == "images/ba/78/\(first.sha256).jpg")
        #expect(!first.alreadyStored && second.alreadyStored && second.relativePath == first.relativePath)
        #expect(try Data(contentsOf: store.url(of: first.relativePath)) == Data(bytes))
        #expect(try temporaryFiles().isEmpty)
    }

    @Test func piecesHashLikeTheWhole() throws {
        let pending = try store.begin()
        for piece in [Array("a".utf8), [], Array("bc".utf8)] { try pending.append(piece) }
        let stored = try pending.commit(in: "thumbs", extension: "jpg")
        #expect(stored.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" && stored.size == 3)
        #expect(throws: FileStoreError.alreadyFinished) { try pending.append([1]) }
    }

    @Test func discardedAndAbandonedFilesLeaveNothing() throws {
        let pending = try store.begin()
        try pending.append([1, 2, 3])
        #expect(try temporaryFiles().count == 1)
        pending.discard()
        #expect(try temporaryFiles().isEmpty)
        do {
            let abandoned = try store.begin()
            try abandoned.append([4, 5])
        }  // released without commit
        #expect(try temporaryFiles().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("images").path))
    }

    @Test func namesCannotEscapeTheStore() throws {
        #expect(throws: FileStoreError.invalidName("../etc")) { try store.store([1], in: "../etc", extension: "jpg") }
        #expect(throws: FileStoreError.invalidName("jpg/../../x")) { try store.store([1], in: "images", extension: "jpg/../../x") }
        #expect(try temporaryFiles().isEmpty)
    }

    @Test func aFingerprintTellsWhenTheFileChangedSince() throws {
        // Given a stored model file and its fingerprint
        let stored = try store.store(Array("model v1".utf8), in: "models", extension: "loupe")
        let fingerprint = try #require(try store.fingerprint(ofFileAt: stored.relativePath))
        #expect(fingerprint.sha256 == stored.sha256 && fingerprint.size == 8)
        #expect(store.isUnchanged(stored.relativePath, since: fingerprint))
        // When someone rewrites it in place (as a tampering operator would), it no longer matches
        try Data("model v2, longer".utf8).write(to: store.url(of: stored.relativePath))
        #expect(!store.isUnchanged(stored.relativePath, since: fingerprint))
        // And a missing file has no fingerprint and is not unchanged
        try FileManager.default.removeItem(at: store.url(of: stored.relativePath))
        #expect(try store.fingerprint(ofFileAt: stored.relativePath) == nil)
        #expect(!store.isUnchanged(stored.relativePath, since: fingerprint))
    }
}
