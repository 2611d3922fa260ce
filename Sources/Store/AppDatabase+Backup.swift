// Online backup: a consistent copy while other processes keep writing (SQLite's backup API, or pg_dump).
import Foundation
internal import GRDB

extension AppDatabase {
    /// Copies the live database to `destination` with SQLite's online backup API (on PostgreSQL, a
    /// pg_dump archive). The copy is written beside the destination and renamed into place, so a
    /// failure never leaves half a file.
    public func backup(to destination: String) throws {
        if isPostgres { return try PostgresDump.dump(url: path, to: destination) }
        let target = URL(fileURLWithPath: destination)
        let temporary = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).partial-\(getpid())")
        try? FileManager.default.removeItem(at: temporary)
        do {
            let copy = try DatabaseQueue(path: temporary.path)
            try pool.backup(to: copy)
            try copy.close()
            guard rename(temporary.path, target.path) == 0 else {
                throw StoreError.cannotOpen(path: destination, reason: String(cString: strerror(errno)))
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}

extension AppDatabase {
    /// True when `file` is a PostgreSQL backup (pg_dump's custom format), not a SQLite file.
    public static func isPostgresBackup(_ file: String) -> Bool { PostgresDump.isDump(file) }

    /// Restores a PostgreSQL backup into the empty database at `url`, in one transaction.
    public static func restorePostgresBackup(_ file: String, into url: String) throws {
        let target = try PostgresConnection(url: url)
        let tables = try Int.fetchOne(target, sql: "SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'") ?? 0
        guard tables == 0 else {
            throw StoreError.conflict(code: "target_not_empty", message: "\(PostgresURL.redacted(url)) is not empty; restore into a new database.")
        }
        try PostgresDump.restore(file: file, into: url)
    }

    /// Empties the PostgreSQL database at `url` again (a restore whose files failed their check).
    public static func emptyPostgresDatabase(_ url: String) throws {
        try PostgresConnection(url: url).execute(sql: "DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    }
}
