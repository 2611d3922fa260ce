// What account operations need from the store: users, sessions, API tokens and login failures.
import Domain
import Foundation

/// The view of the store behind Auth.Accounts (sign-in, sessions, tokens, passwords).
public protocol CredentialStore: Sendable {
    func createAPIToken(userID: Int64, name: String, tokenHash: String, displayPrefix: String, scopeModelID: Int64?, by who: Attribution) throws -> APIToken
    func createUser(username: String, passwordHash: String, role: Role, by who: Attribution) throws -> User
    func endSession(tokenHash: String, by who: Attribution) throws
    /// Notes a token's use at most once a minute, so reads do not turn into a write each.
    func noteTokenUse(_ token: APIToken, now: Date) throws
    /// Failure times since `since`, oldest first, for this account and for this address.
    func recentLoginFailures(username: String, remoteAddress: String, since: Date) throws -> (account: [Date], address: [Date])
    /// Records a failed login in the audit log and, when it `counts` (a password was actually
    /// checked), toward the rate limit, in one transaction.
    func recordLoginFailure( username: String, remoteAddress: String, reason: String, counts: Bool, at: Date) throws
    /// The live session and its enabled user for a cookie's hash, or nil.
    func sessionUser(tokenHash: String, now: Date) throws -> (UserSession, User)?
    /// Replaces the password hash and ends every session of the user, so a stolen cookie dies with the old password.
    func setPassword(userID: Int64, passwordHash: String, by who: Attribution) throws
    /// Records a successful login: the session row, the audit row, and forgets the account's failures.
    func startSession( user: User, tokenHash: String, expiresAt: Date, remoteAddress: String, userAgent: String ) throws -> UserSession
    /// The unrevoked token and its enabled owner for a bearer secret's hash, or nil.
    func tokenUser(tokenHash: String) throws -> (APIToken, User)?
    func user(id: Int64) throws -> User?
    /// Usernames are matched case-insensitively.
    func user(named username: String) throws -> User?
}

extension AppDatabase: CredentialStore {}
