// Fresh PostgreSQL databases for tests. Creating a database costs ~0.6 s, emptying one ~30 ms: a
// released test database goes back to a pool and is emptied when the next test takes it.
import Foundation
import Synchronization

enum PostgresTemporaryDatabase {
    private struct Pool {
        /// The migrated template this process copies new databases from, by server.
        var templates: [String: String] = [:]
        /// Released databases, by server, ready to be emptied and handed out again.
        var released: [String: [String]] = [:]
    }

    private static let pool = Mutex(Pool())

    /// `source`: a copy of that test database instead (its idle connections are closed first, since
    /// PostgreSQL copies only a database nobody is connected to); a copy is dropped when released.
    static func open(server: String, copying source: AppDatabase? = nil) throws -> AppDatabase {
        let admin = try PostgresConnection(url: server)
        if let source, let backend = source.backend as? PostgresBackend {
            backend.closeIdleConnections()
            let name = uniqueName()
            try admin.execute(sql: "CREATE DATABASE \(name) TEMPLATE \(databaseName(in: source.path))")
            return try opened(server: server, name: name) {
                try? PostgresConnection(url: server).execute(sql: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            }
        }
        let name: String
        if let reused = pool.withLock({ $0.released[server]?.popLast() }) {
            name = reused
            try empty(PostgresConnection(url: PostgresURL.replacingDatabase(in: server, with: name)))
        } else {
            name = uniqueName()
            try admin.execute(sql: "CREATE DATABASE \(name) TEMPLATE \(try template(on: server, admin: admin))")
        }
        return try opened(server: server, name: name) {
            pool.withLock { $0.released[server, default: []].append(name) }
        }
    }

    private static func opened(server: String, name: String, release: @escaping @Sendable () -> Void) throws -> AppDatabase {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-db-\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = PostgresURL.replacingDatabase(in: server, with: name)
        let opened = try AppDatabase.openPostgres(url: url, migrate: false)
        let backend = opened.backend as! PostgresBackend
        return AppDatabase(backend: backend, path: url, temporaryDirectory: directory) {
            backend.closeIdleConnections()
            release()
        }
    }

    private static func template(on server: String, admin: PostgresConnection) throws -> String {
        try pool.withLock { pool in
            if let name = pool.templates[server] { return name }
            let name = "loupe_template_\(getpid())_\(UInt32.random(in: 0...UInt32.max))"
            try admin.execute(sql: "CREATE DATABASE \(name)")
            try PostgresSchema.migrate(PostgresConnection(url: PostgresURL.replacingDatabase(in: server, with: name)),
                                       apply: true, location: name)
            pool.templates[server] = name
            return name
        }
    }

    /// Every row gone and every id counting from 1 again, as in a new database; a migration a test
    /// added (to play a newer Loupe) is forgotten. Foreign keys are not checked while emptying.
    private static func empty(_ connection: PostgresConnection) throws {
        let tables = try String.fetchAll(connection, sql: """
            SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename != 'loupe_migrations'
            """)
        let sequences = try String.fetchAll(connection, sql: "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'")
        try connection.execute(sql: (["SET session_replication_role = replica"]
            + tables.map { "DELETE FROM \($0)" }
            + sequences.map { "ALTER SEQUENCE \($0) RESTART" }
            + ["DELETE FROM loupe_migrations WHERE position > \(PostgresSchema.migrations.count)",
               "SET session_replication_role = DEFAULT"]).joined(separator: "; "))
    }

    private static func uniqueName() -> String {
        "loupe_test_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))"
    }

    private static func databaseName(in url: String) -> String {
        String(URLComponents(string: url)?.path.dropFirst() ?? "")
    }
}
