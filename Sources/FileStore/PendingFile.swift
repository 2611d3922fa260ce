// A file being written: a private temporary file, hashed as it grows, then committed or discarded.
import Crypto
import Foundation
import Glibc

public final class PendingFile {
    private let store: ContentStore
    private let temporaryPath: String
    private var descriptor: Int32
    private var hasher = SHA256()
    public private(set) var size = 0
    private var finished = false

    init(store: ContentStore, directory: String) throws {
        self.store = store
        let name = "upload-\(getpid())-\(UUID().uuidString)"
        temporaryPath = directory + "/" + name
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else { throw FileStoreError.io("create", temporaryPath) }
    }

    deinit {
        if !finished { discard() }
    }

    /// Writes all of `bytes` (retrying short writes) and adds them to the hash.
    public func append(_ bytes: some Collection<UInt8>) throws {
        guard !finished else { throw FileStoreError.alreadyFinished }
        let chunk = Array(bytes)
        var written = 0
        try chunk.withUnsafeBytes { raw in
            while written < raw.count {
                let result = write(descriptor, raw.baseAddress! + written, raw.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    let code = errno
                    discard()
                    throw FileStoreError.io("write", temporaryPath, errno: code)
                }
                written += result
            }
        }
        hasher.update(data: chunk)
        size += chunk.count
    }

    /// Makes the bytes durable and moves them to their content address (on disk, or uploaded to the
    /// store's bucket). If identical bytes are already stored, the temporary file is dropped and the
    /// existing one is reported.
    /// `durable: false` skips the fsyncs, for many small files the caller makes durable together
    /// (`ContentStore.flush`), as a tile pyramid's thousands of tiles are.
    public func commit(in folder: String, extension fileExtension: String, durable: Bool = true) throws -> StoredFile {
        guard !finished else { throw FileStoreError.alreadyFinished }
        let sha256 = hasher.finalize().hex
        let relativePath: String
        do {
            relativePath = try ContentStore.relativePath(folder: folder, sha256: sha256, extension: fileExtension)
        } catch {
            discard()
            throw error
        }
        if let objects = store.objects {
            defer { discard() }
            // HEAD first spares uploading bytes that are there; the conditional PUT settles a race.
            let created = try objects.head(relativePath) == nil
                && objects.put(relativePath, fileAt: temporaryPath, size: size, sha256: sha256,
                               contentType: ContentStore.contentType(ofExtension: fileExtension))
            return StoredFile(sha256: sha256, relativePath: relativePath, size: size, alreadyStored: !created)
        }
        let target = store.url(of: relativePath)
        if FileManager.default.fileExists(atPath: target.path) {
            discard()
            return StoredFile(sha256: sha256, relativePath: relativePath, size: size, alreadyStored: true)
        }
        try commit(to: target, durable: durable)
        return StoredFile(sha256: sha256, relativePath: relativePath, size: size, alreadyStored: false)
    }

    /// Makes the bytes durable at `target` on this machine's disk (fsync, rename, directory fsync).
    func commit(to target: URL, durable: Bool = true) throws {
        guard !finished else { throw FileStoreError.alreadyFinished }
        guard !durable || fsync(descriptor) == 0 else {
            let code = errno
            discard()
            throw FileStoreError.io("fsync", temporaryPath, errno: code)
        }
        close(descriptor)
        finished = true
        let parent = target.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            unlink(temporaryPath)
            throw FileStoreError.io(operation: "mkdir", path: parent.path, reason: "\(error)", diskFull: false)
        }
        guard rename(temporaryPath, target.path) == 0 else {
            let code = errno
            unlink(temporaryPath)
            throw FileStoreError.io("rename", target.path, errno: code)
        }
        if durable { Self.syncDirectory(parent.path) }  // the rename itself survives a crash only once the directory is synced
    }

    /// Throws the bytes away; nothing is left behind.
    public func discard() {
        guard !finished else { return }
        finished = true
        close(descriptor)
        unlink(temporaryPath)
    }

    private static func syncDirectory(_ path: String) {
        let directory = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0 else { return }
        fsync(directory)
        close(directory)
    }
}
