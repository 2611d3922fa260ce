// Loaded networks kept in a worker process, least recently used first out, within a memory budget.
import FileStore
import Foundation
import Store

/// One per worker process. A version is keyed by its id and artifact sha256, so a version whose file
/// is replaced is loaded again; a deployment that moves simply asks for another key, and the old
/// network ages out. Networks are not thread-safe: a worker child answers one request at a time, and
/// the lock only keeps the bookkeeping whole.
public final class ModelCache: @unchecked Sendable {
    struct Key: Hashable {
        let versionID: Int64
        let sha256: String
    }

    private struct Entry {
        let model: LoadedModel
        let bytes: Int
        var lastUse: UInt64
    }

    /// What loading a model cost, for the answer's timing and the cold/warm figures.
    struct Lookup {
        let model: LoadedModel
        let loaded: Bool
    }

    let budgetBytes: Int
    private let files: ContentStore
    private let lock = NSLock()
    private var entries: [Key: Entry] = [:]
    private var clock: UInt64 = 0
    private(set) var loads = 0
    private(set) var evictions = 0

    init(files: ContentStore, budgetBytes: Int) {
        self.files = files
        self.budgetBytes = budgetBytes
    }

    public static let defaultBudgetBytes = 512 << 20

    func model(for version: ServableVersion) throws -> Lookup {
        let key = Key(versionID: version.id, sha256: version.artifactSHA256 ?? "")
        if let found = touch(key) { return Lookup(model: found, loaded: false) }
        let (model, bytes) = try LoadedModel.load(version, files: files)
        lock.withLock {
            loads += 1
            clock += 1
            entries[key] = Entry(model: model, bytes: bytes, lastUse: clock)
            evict(keeping: key)
        }
        return Lookup(model: model, loaded: true)
    }

    var residentBytes: Int { lock.withLock { entries.values.reduce(0) { $0 + $1.bytes } } }
    var count: Int { lock.withLock { entries.count } }

    private func touch(_ key: Key) -> LoadedModel? {
        lock.withLock {
            guard var entry = entries[key] else { return nil }
            clock += 1
            entry.lastUse = clock
            entries[key] = entry
            return entry.model
        }
    }

    /// Drops the least recently used networks until the rest fit (the one just loaded always stays).
    private func evict(keeping key: Key) {
        var total = entries.values.reduce(0) { $0 + $1.bytes }
        while total > budgetBytes, let oldest = entries.filter({ $0.key != key }).min(by: { $0.value.lastUse < $1.value.lastUse }) {
            total -= oldest.value.bytes
            entries.removeValue(forKey: oldest.key)
            evictions += 1
        }
    }
}
