// The one way every Loupe process opens the SQLite store: WAL pool, busy timeout, migrations, schema check.
import Foundation
import GRDB

/// Loupe's database. All SQL lives in this module; callers use the named methods in the extensions.
public final class AppDatabase: Sendable {
    let pool: DatabasePool
    public let path: String

    init(pool: DatabasePool, path: String) {
        self.pool = pool
        self.path = path
    }

    /// Opens (creating if needed) the database at `path` in WAL mode, waits up to `busyTimeout`
    /// seconds for other processes' locks, applies pending migrations, and refuses a schema that
    /// a newer Loupe has migrated (so an old binary never writes to it).
    public static func openShared(path: String, busyTimeout: TimeInterval = 5, migrate: Bool = true) throws -> AppDatabase {
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
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
        return AppDatabase(pool: pool, path: path)
    }

    /// A fresh database file in a new temporary directory: real SQLite, for tests.
    public static func openTemporary() throws -> AppDatabase {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-db-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return try openShared(path: dir.appendingPathComponent("loupe.sqlite").path)
    }

    /// Names of the migrations applied to this file, oldest first.
    public func appliedMigrations() throws -> [String] {
        try pool.read { db in try Schema.migrator.appliedMigrations(db) }
    }

    /// A cheap round trip proving the file is readable (for the health check).
    public func ping() throws {
        _ = try pool.read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }
}
