// The store on a real SQLite file: WAL, migrations, invariants, audit rows, backup.
import Domain
import Foundation
import GRDB
import Testing
@testable import Store

@Suite struct AppDatabaseTests {
    let database: AppDatabase

    init() throws { database = try AppDatabase.openTemporary() }

    @Test func opensInWALModeWithMigrationsApplied() throws {
        #expect(try database.appliedMigrations() == ["v1-accounts", "v2-projects", "v3-images", "v4-annotations", "v5-review-snapshots", "v6-training", "v7-registry", "v8-active-learning", "v9-label-order", "v10-box-suggestions", "v11-suggestion-decisions", "v12-search-trials", "v13-serving", "v14-imported-suggestions", "v15-team-work", "v16-attributes-editor"])
        if !TestBackend.isPostgres {
            let mode = try database.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
            #expect(mode == "wal")
        }
    }

    @Test func aTemporaryDatabaseLeavesNothingBehind() throws {
        // Given a temporary database with a file written beside it, as tests store images there
        var temporary: AppDatabase? = try AppDatabase.openTemporary()
        let directory = try #require(temporary?.temporaryDirectory)
        try Data("x".utf8).write(to: directory.appendingPathComponent("beside.txt"))
        _ = try temporary!.createUser(username: "al", passwordHash: "h", role: .admin, by: .commandLine)
        #expect(FileManager.default.fileExists(atPath: directory.path))
        // When it is released
        temporary = nil
        // Then its directory is gone (each `swift test` used to leave ~150 behind in /tmp)
        #expect(!FileManager.default.fileExists(atPath: directory.path))
        // And the next temporary database starts empty, ids from 1 (on PostgreSQL, a released one is reused)
        let next = try AppDatabase.openTemporary()
        #expect(try next.users().isEmpty)
        #expect(try next.createUser(username: "bo", passwordHash: "h", role: .admin, by: .commandLine).id == 1)
    }

    @Test func refusesASchemaFromANewerLoupe() throws {
        // Given a database that a newer binary has migrated further
        try database.write { db in
            try db.execute(sql: TestBackend.isPostgres
                ? "INSERT INTO loupe_migrations (position, identifier, applied_at) VALUES (999, 'v999-future', '')"
                : "INSERT INTO grdb_migrations (identifier) VALUES ('v999-future')")
        }
        // Then opening it again fails instead of writing to it
        #expect(throws: StoreError.schemaTooNew(path: database.location)) {
            try AppDatabase.openShared(path: database.path)
        }
    }

    @Test func usernamesAreUniqueIgnoringCase() throws {
        _ = try database.createUser(username: "Ada", passwordHash: "h", role: .admin, by: .commandLine)
        #expect(throws: StoreError.duplicate(field: "username", value: "ada")) {
            try database.createUser(username: "ada", passwordHash: "h", role: .annotator, by: .commandLine)
        }
        #expect(try database.user(named: "ADA")?.username == "Ada")
    }

    @Test func theLastAdminCannotBeRemoved() throws {
        let admin = try database.createUser(username: "root", passwordHash: "h", role: .admin, by: .commandLine)
        #expect(throws: StoreError.lastAdmin) {
            try database.updateUser(id: admin.id, role: .data, disabled: nil, by: .commandLine)
        }
        #expect(throws: StoreError.lastAdmin) {
            try database.updateUser(id: admin.id, role: nil, disabled: true, by: .commandLine)
        }
        // The refused change left nothing behind: still admin, no audit row for it
        #expect(try database.user(id: admin.id)?.role == .admin)
        #expect(try database.auditLog().map(\.action) == ["user.created"])
    }

    @Test func disablingEndsSessionsAndIsAudited() throws {
        _ = try database.createUser(username: "root", passwordHash: "h", role: .admin, by: .commandLine)
        let user = try database.createUser(username: "ann", passwordHash: "h", role: .annotator, by: .commandLine)
        _ = try database.startSession(user: user, tokenHash: "t1", expiresAt: Date().addingTimeInterval(60),
                                      remoteAddress: "x", userAgent: "y")
        #expect(try database.sessionUser(tokenHash: "t1") != nil)
        let who = Attribution(userID: 1, username: "root", remoteAddress: "10.1.1.1")
        _ = try database.updateUser(id: user.id, role: nil, disabled: true, by: who)
        #expect(try database.sessionUser(tokenHash: "t1") == nil)
        let event = try #require(try database.auditLog().first)
        #expect(event.action == "user.updated" && event.detail == "disabled" && event.actorName == "root")
        #expect(event.remoteAddress == "10.1.1.1")
    }

    @Test func expiredSessionsDoNotResolve() throws {
        let user = try database.createUser(username: "ann", passwordHash: "h", role: .annotator, by: .commandLine)
        _ = try database.startSession(user: user, tokenHash: "old", expiresAt: Date().addingTimeInterval(-1),
                                      remoteAddress: "x", userAgent: "y")
        #expect(try database.sessionUser(tokenHash: "old") == nil)
    }

    @Test(.enabled(if: TestBackend.isSQLite, "SQLite's online backup; PostgreSQL's goes through pg_dump")) func backupIsAConsistentReadableCopy() throws {
        _ = try database.createUser(username: "ann", passwordHash: "h", role: .annotator, by: .commandLine)
        let destination = URL(fileURLWithPath: database.path).deletingLastPathComponent().appendingPathComponent("copy.sqlite").path
        try database.backup(to: destination)
        let copy = try AppDatabase.openShared(path: destination)
        #expect(try copy.users().map(\.username) == ["ann"])
        let check = try copy.pool.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") }
        #expect(check == "ok")
        // No partial file is left beside it
        let siblings = try FileManager.default.contentsOfDirectory(atPath: URL(fileURLWithPath: destination).deletingLastPathComponent().path)
        #expect(!siblings.contains { $0.contains("partial") })
    }

    @Test func loginFailuresAreCountedPerAccountAndAddress() throws {
        let now = Date()
        try database.recordLoginFailure(username: "Bob", remoteAddress: "1.1.1.1", reason: "x", at: now.addingTimeInterval(-2000))
        try database.recordLoginFailure(username: "bob", remoteAddress: "1.1.1.1", reason: "x", at: now.addingTimeInterval(-10))
        try database.recordLoginFailure(username: "carl", remoteAddress: "1.1.1.1", reason: "x", at: now.addingTimeInterval(-5))
        let recent = try database.recentLoginFailures(username: "BOB", remoteAddress: "1.1.1.1", since: now.addingTimeInterval(-900))
        #expect(recent.account.count == 1)
        #expect(recent.address.count == 2)
    }
}
