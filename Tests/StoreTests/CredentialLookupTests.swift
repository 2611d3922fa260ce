// The per-request credential lookups: one joined statement read by position, on the worker child's
// own read-only connection. They must find exactly what the by-name records find.
import Domain
import Foundation
import Testing
@testable import Store

@Suite struct CredentialLookupTests {
    let database: AppDatabase
    /// The same file opened as a worker child opens it: lookups on a read-only connection of their own.
    let child: AppDatabase

    init() throws {
        database = try AppDatabase.openTemporary()
        child = try AppDatabase.openShared(path: database.path, migrate: false, lookupConnection: true)
    }

    @Test func positionalColumnsReadTheSameRecordsAsNamedOnes() throws {
        let user = try database.createUser(username: "ann", passwordHash: "h", role: .reviewer, by: .commandLine)
        _ = try database.createAPIToken(userID: user.id, name: "script", tokenHash: "th", displayPrefix: "lpt_ab", by: .commandLine)
        _ = try database.startSession(user: user, tokenHash: "sh", expiresAt: Date().addingTimeInterval(60), remoteAddress: "x", userAgent: "y")
        try database.read { db in
            try expectSameRecord(User.self, table: "users", db)
            try expectSameRecord(APIToken.self, table: "api_tokens", db)
            try expectSameRecord(UserSession.self, table: "sessions", db)
        }
    }

    private func expectSameRecord<R: RowDecodable & RowPositional & Equatable>(_: R.Type, table: String, _ db: StoreConnection) throws {
        let named = try R(row: try #require(try SQLRow.fetchOne(db, sql: "SELECT * FROM \(table)")))
        let row = try #require(try SQLRow.fetchOne(db, sql: "SELECT 'padding', \(R.selection(from: table)) FROM \(table)"))
        #expect(try R(row: row, at: 1) == named)
    }

    @Test func aTokenResolvesToItsOwnerUntilRevokedOrDisabled() throws {
        _ = try database.createUser(username: "root", passwordHash: "h", role: .admin, by: .commandLine)
        let user = try database.createUser(username: "ann", passwordHash: "h", role: .annotator, by: .commandLine)
        let token = try database.createAPIToken(userID: user.id, name: "script", tokenHash: "th", displayPrefix: "lpt_ab", by: .commandLine)
        let found = try #require(try child.tokenUser(tokenHash: "th"))
        #expect(found.0 == token && found.1 == user)
        #expect(try child.tokenUser(tokenHash: "other") == nil)
        // A write through the pool is seen by the child's next lookup
        _ = try database.updateUser(id: user.id, role: nil, disabled: true, by: .commandLine)
        #expect(try child.tokenUser(tokenHash: "th") == nil)
        _ = try database.updateUser(id: user.id, role: nil, disabled: false, by: .commandLine)
        try database.revokeAPIToken(id: token.id, by: .commandLine)
        #expect(try child.tokenUser(tokenHash: "th") == nil)
    }

    @Test func aSessionResolvesUntilItExpiresOrItsUserIsDisabled() throws {
        _ = try database.createUser(username: "root", passwordHash: "h", role: .admin, by: .commandLine)
        let user = try database.createUser(username: "ann", passwordHash: "h", role: .annotator, by: .commandLine)
        let session = try database.startSession(user: user, tokenHash: "sh", expiresAt: Date().addingTimeInterval(60), remoteAddress: "x", userAgent: "y")
        let found = try #require(try child.sessionUser(tokenHash: "sh"))
        #expect(found.0 == session && found.1 == user)
        #expect(try child.sessionUser(tokenHash: "sh", now: Date().addingTimeInterval(120)) == nil)
        _ = try database.updateUser(id: user.id, role: nil, disabled: true, by: .commandLine)
        #expect(try child.sessionUser(tokenHash: "sh") == nil)
    }
}
