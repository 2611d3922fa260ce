// Fresh PostgreSQL databases for tests: each a copy of a migrated template, dropped on release.
import Foundation
import Synchronization

enum PostgresTemporaryDatabase {
    /// The template this process migrated, by server: migrating once and copying is far quicker
    /// than migrating every test's database.
    private static let templates = Mutex<[String: String]>([:])

    static func open(server: String) throws -> AppDatabase {
        let admin = try PostgresConnection(url: server)
        let template = try templates.withLock { known in
            if let name = known[server] { return name }
            let name = "loupe_template_\(getpid())_\(UInt32.random(in: 0...UInt32.max))"
            try admin.execute(sql: "CREATE DATABASE \(name)")
            let migrated = try PostgresConnection(url: PostgresURL.replacingDatabase(in: server, with: name))
            try PostgresSchema.migrate(migrated, apply: true, location: name)
            known[server] = name
            return name
        }
        let name = "loupe_test_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))"
        try admin.execute(sql: "CREATE DATABASE \(name) TEMPLATE \(template)")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-db-\(name)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = PostgresURL.replacingDatabase(in: server, with: name)
        let opened = try AppDatabase.openPostgres(url: url, migrate: false)
        return AppDatabase(backend: opened.backend, path: url, temporaryDirectory: directory) {
            try? PostgresConnection(url: server).execute(sql: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        }
    }
}
