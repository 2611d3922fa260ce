// GET /api/v1/health answers anyone, so when the database cannot be read it says so and no more.
import Foundation
import GRDB
import Store
import Testing
import Web
@testable import LoupeApp

@Suite struct HealthTests {
    /// SQLite only: it breaks the file from outside. On PostgreSQL the integration tests stop the server.
    @Test(.enabled(if: (ProcessInfo.processInfo.environment["LOUPE_TEST_POSTGRES_URL"] ?? "").isEmpty))
    func aBrokenDatabaseIsReportedWithoutItsErrorText() throws {
        // Given a running app whose schema table has been renamed behind its back
        let app = try TestApp()
        #expect(app.send(.GET, "/api/v1/health").status == 200)
        let outside = try DatabaseQueue(path: app.context.database.path)
        try outside.write { try $0.execute(sql: "ALTER TABLE grdb_migrations RENAME TO moved_away") }
        // When an anonymous caller asks for health
        let response = app.send(.GET, "/api/v1/health", headers: ["Accept": "application/json"])
        // Then it hears "unavailable", and nothing of SQLite's message (table names, SQL) reaches it
        #expect(response.status == 503)
        #expect(response.json["database"] as? String == "unavailable")
        #expect(!response.text.contains("grdb_migrations"))
        #expect(!response.text.lowercased().contains("sql"))
    }
}
