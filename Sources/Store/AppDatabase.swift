// The one way every Loupe process opens the store: WAL pool, busy timeout, migrations, schema check.
import Foundation
internal import GRDB

/// Loupe's database. All SQL lives in this module; callers use the named methods in the extensions.
public final class AppDatabase: Sendable {
    let backend: any StoreBackend
    /// The SQLite file's path, or the PostgreSQL URL.
    public let path: String
    /// Set by `openTemporary`: a directory for the test's files (and the SQLite file), removed when
    /// the database is released.
    public let temporaryDirectory: URL?
    /// Set by `openTemporary` on PostgreSQL: drops the test's database.
    private let release: (@Sendable () -> Void)?

    init(backend: any StoreBackend, path: String, temporaryDirectory: URL? = nil, release: (@Sendable () -> Void)? = nil) {
        self.backend = backend
        self.path = path
        self.temporaryDirectory = temporaryDirectory
        self.release = release
    }

    /// Where the database lives, without a password, for messages.
    public var location: String { PostgresURL.redacted(path) }

    public var isPostgres: Bool { backend is PostgresBackend }

    /// The SQLite pool, for what only SQLite does (its migrator, online backup, integrity check).
    var pool: DatabasePool {
        guard let sqlite = backend as? SQLiteBackend else { preconditionFailure("not a SQLite store") }
        return sqlite.pool
    }

    deinit {
        release?()
        if let temporaryDirectory { try? FileManager.default.removeItem(at: temporaryDirectory) }
    }

    /// Opens the store at `path`: a `postgresql://` URL opens PostgreSQL (see `openPostgres`); anything
    /// else is a SQLite file, opened (and created if needed) in WAL mode, waits up to `busyTimeout`
    /// seconds for other processes' locks, applies pending migrations, and refuses a schema that
    /// a newer Loupe has migrated (so an old binary never writes to it). `onBusyRetry` hears of
    /// every wait for a lock (for `/metrics`).
    /// `lookupConnection`: credential lookups get a read-only connection of their own (see `lookupReader`).
    public static func openShared(path: String, busyTimeout: TimeInterval = 5, migrate: Bool = true, lookupConnection: Bool = false,
                                  onBusyRetry: @escaping @Sendable () -> Void = {}) throws -> AppDatabase {
        if PostgresURL.matches(path) { return try openPostgres(url: path, migrate: migrate) }
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

    /// Connects, applies pending migrations (one process at a time) and refuses a schema a newer
    /// Loupe has migrated. A wrong host, password or database name fails here, saying which.
    static func openPostgres(url: String, migrate: Bool) throws -> AppDatabase {
        let backend: PostgresBackend
        do {
            backend = try PostgresBackend(url: url)
        } catch StoreError.unavailable(let reason) {
            throw StoreError.cannotOpen(path: PostgresURL.redacted(url), reason: reason)
        }
        try backend.lookup { connection in
            try PostgresSchema.migrate(connection as! PostgresConnection, apply: migrate, location: PostgresURL.redacted(url))
        }
        return AppDatabase(backend: backend, path: url)
    }

    /// A fresh database for a test, with a directory for its files: a SQLite file in that directory,
    /// or, when `LOUPE_TEST_POSTGRES_URL` names a server, a new PostgreSQL database on it (see
    /// `PostgresTemporaryDatabase`). Both go when the database is released. `source`: start from a
    /// copy of it.
    public static func openTemporary(copying source: AppDatabase? = nil) throws -> AppDatabase {
        if let server = ProcessInfo.processInfo.environment["LOUPE_TEST_POSTGRES_URL"], !server.isEmpty {
            return try PostgresTemporaryDatabase.open(server: server, copying: source)
        }
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
    func write<T>(isolation: WriteIsolation = .serializable, _ updates: (StoreConnection) throws -> T) throws -> T {
        try backend.write(isolation: isolation, updates)
    }

    /// A read outside a transaction, for reads of one statement (the per-request credential lookups,
    /// a record by id): a statement sees a consistent snapshot on its own, and skipping BEGIN/COMMIT
    /// is a measurable share of a request (on PostgreSQL two round trips). Use `read` when several
    /// statements must agree with each other.
    func lookup<T>(_ body: (StoreConnection) throws -> T) throws -> T { try backend.lookup(body) }

    /// Names of the migrations applied to this database, oldest first.
    public func appliedMigrations() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: Self.migrationsQuery(db.dialect, newestFirst: false)) }
    }

    /// The newest applied migration, read from the database: proves it answers (health check).
    public func currentSchema() throws -> String? {
        try lookup { db in try String.fetchOne(db, sql: Self.migrationsQuery(db.dialect, newestFirst: true) + " LIMIT 1") }
    }

    /// GRDB's table on SQLite, ours on PostgreSQL.
    private static func migrationsQuery(_ dialect: SQLDialect, newestFirst: Bool) -> String {
        let order = newestFirst ? "DESC" : "ASC"
        return switch dialect {
        case .sqlite: "SELECT identifier FROM grdb_migrations ORDER BY rowid \(order)"
        case .postgres: "SELECT identifier FROM loupe_migrations ORDER BY position \(order)"
        }
    }
}
