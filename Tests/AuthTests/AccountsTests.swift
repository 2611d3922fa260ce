// Account operations against a real SQLite file: creation rules, login, throttling, tokens.
import Domain
import Foundation
import Store
import Testing
@testable import Auth

@Suite struct AccountsTests {
    let database: AppDatabase
    let accounts: Accounts

    init() throws {
        database = try AppDatabase.openTemporary()
        accounts = Accounts(database: database, hasher: PasswordHasher(logN: 10))
    }

    @Test func createsValidUsersOnly() throws {
        _ = try accounts.createUser(username: "ann.o", password: "long enough", role: .annotator, by: .commandLine)
        #expect(throws: AuthError.invalidUsername) {
            try accounts.createUser(username: "<script>", password: "long enough", role: .annotator, by: .commandLine)
        }
        #expect(throws: AuthError.weakPassword) {
            try accounts.createUser(username: "bob", password: "short", role: .annotator, by: .commandLine)
        }
        #expect(throws: StoreError.duplicate(field: "username", value: "ANN.O")) {
            try accounts.createUser(username: "ANN.O", password: "long enough", role: .admin, by: .commandLine)
        }
    }

    @Test func logsInAndResolvesTheSession() throws {
        // Given a user
        let user = try accounts.createUser(username: "rita", password: "s3cret-pass", role: .reviewer, by: .commandLine)
        // When they log in (username case does not matter)
        let (secret, loggedIn) = try accounts.login(username: "Rita", password: "s3cret-pass", remoteAddress: "10.0.0.1", userAgent: "t")
        // Then the secret resolves to them, and only its hash is stored
        #expect(loggedIn.id == user.id)
        #expect(try accounts.session(secret: secret)?.1.id == user.id)
        #expect(try accounts.session(secret: secret + "x") == nil)
        // And logout ends it
        try accounts.logout(secret: secret, by: .commandLine)
        #expect(try accounts.session(secret: secret) == nil)
    }

    @Test func wrongPasswordsAreRecordedAndThrottled() throws {
        _ = try accounts.createUser(username: "dan", password: "right-password", role: .data, by: .commandLine)
        for _ in 0..<5 {
            #expect(throws: AuthError.invalidCredentials) {
                try accounts.login(username: "dan", password: "wrong-password", remoteAddress: "10.0.0.2", userAgent: "")
            }
        }
        // After five failures even the right password waits
        do {
            _ = try accounts.login(username: "dan", password: "right-password", remoteAddress: "10.0.0.3", userAgent: "")
            Issue.record("expected throttling")
        } catch AuthError.throttled(let seconds) {
            #expect(seconds > 0 && seconds <= 900)
        }
        let failures = try database.auditLog().filter { $0.action == "login.failed" }
        #expect(failures.count == 6)
        #expect(failures.first?.detail == "throttled")
        #expect(failures.last?.detail == "wrong password")
        // And retrying while locked out does not push the lockout further
        let counted = try database.recentLoginFailures(
            username: "dan", remoteAddress: "10.0.0.2", since: Date().addingTimeInterval(-900))
        #expect(counted.account.count == 5)
    }

    @Test func unknownAndDisabledUsersCannotLogIn() throws {
        let user = try accounts.createUser(username: "eve", password: "password-eve", role: .annotator, by: .commandLine)
        #expect(throws: AuthError.invalidCredentials) {
            try accounts.login(username: "nobody", password: "password-eve", remoteAddress: "a", userAgent: "")
        }
        _ = try accounts.createUser(username: "root2", password: "password-root", role: .admin, by: .commandLine)
        _ = try database.updateUser(id: user.id, role: nil, disabled: true, by: .commandLine)
        #expect(throws: AuthError.invalidCredentials) {
            try accounts.login(username: "eve", password: "password-eve", remoteAddress: "a", userAgent: "")
        }
    }

    @Test func tokensResolveUntilRevoked() throws {
        let user = try accounts.createUser(username: "tom", password: "password-tom", role: .data, by: .commandLine)
        let (secret, token) = try accounts.createToken(userID: user.id, name: " export ", by: .commandLine)
        #expect(token.name == "export")
        #expect(token.tokenHash == SecretToken.hash(secret))
        #expect(try accounts.token(secret: secret)?.1.id == user.id)
        #expect(try database.apiToken(id: token.id)?.lastUsedAt != nil)
        try database.revokeAPIToken(id: token.id, by: .commandLine)
        #expect(try accounts.token(secret: secret) == nil)
        #expect(throws: AuthError.invalidTokenName) { try accounts.createToken(userID: user.id, name: "  ", by: .commandLine) }
    }
}
