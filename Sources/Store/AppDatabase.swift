// The one way every Loupe process opens the store: WAL pool, busy timeout, migrations, schema check.
import Foundation
internal import GRDB

/// Loupe's database. All SQL lives in this module; callers use the named methods in the extensions.
public final class AppDatabase: Sendable {
    let backend: any StoreBackend
    public let path: String
    /// Set by `openTemporary`: removed, with the file in it, when the database is released.
    private let temporaryDirectory: URL?

    init(backend: any StoreBackend, path: String, temporaryDirectory: URL? = nil) {
        self.backend = backend
        self.path = path
        self.temporaryDirectory = temporaryDirectory
    }

    /// The SQLite pool, for what only SQLite does (its migrator, online backup, integrity check).
    var pool: DatabasePool {
        guard let sqlite = backend as? SQLiteBackend else { preconditionFailure("not a SQLite store") }
        return sqlite.pool
    }

    deinit {
        if let temporaryDirectory { try? FileManager.default.removeItem(at: temporaryDirectory) }
    }

    /// Opens (creating if needed) the database at `path` in WAL mode, waits up to `busyTimeout`
    /// seconds for other processes' locks, applies pending migrations, and refuses a schema that
    /// a newer Loupe has migrated (so an old binary never writes to it). `onBusyRetry` hears of
    /// every wait for a lock (for `/metrics`).
    /// `lookupConnection`: credential lookups get a read-only connection of their own (see `lookupReader`).
    public static func openShared(path: String, busyTimeout: TimeInterval = 5, migrate: Bool = true, lookupConnection: Bool = false,
                                  onBusyRetry: @escaping @Sendable () -> Void = {}) throws -> AppDatabase {
        var config = Configuration()
        let wait = BusyWait(timeout: busyTimeout, onRetry: onBusyRetry)
        config.busyMode = .callback { tries in wait.retry(afterTries: tries) }
        config.foreignKeysEnabled = true
        config.label = "loupe"
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: config)
        } catch {
            throw StoreError.cannotOpen(path: path, reason: "\(error)")
        }
        let migrator = Schema.migrator
        if try pool.read({ db in try migrator.hasBeenSuperseded(db) }) {
            throw StoreError.schemaTooNew(path: path)
        }
        if migrate { try migrator.migrate(pool) }
        var readOnly = config
        readOnly.readonly = true
        let lookupReader = lookupConnection ? try DatabaseQueue(path: path, configuration: readOnly) : nil
        return AppDatabase(backend: SQLiteBackend(pool: pool, lookupReader: lookupReader), path: path)
    }

    /// A fresh database file in a new temporary directory (or an online backup of `source` there): real
    /// SQLite, for tests. The directory, and whatever a test stored beside the file, goes when the
    /// database is released.
    public static func openTemporary(copying source: AppDatabase? = nil) throws -> AppDatabase {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-db-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("loupe.sqlite").path
        try source?.backup(to: path)
        let opened = try openShared(path: path)
        return AppDatabase(backend: opened.backend, path: opened.path, temporaryDirectory: dir)
    }

    /// A consistent snapshot for several statements.
    func read<T>(_ body: (StoreConnection) throws -> T) throws -> T { try backend.read(body) }

    /// Every write transaction goes through here: all of `updates`, or nothing.
    func write<T>(_ updates: (StoreConnection) throws -> T) throws -> T { try backend.write(updates) }

    /// A read outside a transaction, for the per-request credential lookups: each statement sees a
    /// consistent snapshot on its own. Use `read` when several statements must agree with each other.
    func lookup<T>(_ body: (StoreConnection) throws -> T) throws -> T { try backend.lookup(body) }

    /// Names of the migrations applied to this file, oldest first.
    public func appliedMigrations() throws -> [String] {
        try pool.read { db in try Schema.migrator.appliedMigrations(db) }
    }

    /// The newest applied migration, read from the file: proves the database answers (health check).
    public func currentSchema() throws -> String? {
        try lookup { db in
            try String.fetchOne(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid DESC LIMIT 1")
        }
    }
}
