// Which store the suite runs on: SQLite files, or PostgreSQL when scripts/test names a server.
import Foundation

enum TestBackend {
    static let isPostgres = !(ProcessInfo.processInfo.environment["LOUPE_TEST_POSTGRES_URL"] ?? "").isEmpty
    static let isSQLite = !isPostgres
}
