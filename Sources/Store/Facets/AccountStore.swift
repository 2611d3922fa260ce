// Users and API tokens as the account pages and API read and change them (sign-in itself is CredentialStore).
import Domain
import Foundation

/// The accounts controllers' view of the store.
public protocol AccountStore: Sendable {
    func users() throws -> [User]
    func user(id: Int64) throws -> User?
    /// Usernames are matched case-insensitively.
    func user(named username: String) throws -> User?
    /// Changes role and/or the disabled flag. Disabling also ends the user's sessions.
    func updateUser(id: Int64, role: Role?, disabled: Bool?, by who: Attribution) throws -> User
    /// All tokens of one user (or of everyone when nil), newest first, revoked ones included.
    func apiTokens(userID: Int64?) throws -> [APIToken]
    /// Revokes a token once; revoking it again changes nothing and writes no audit row.
    func revokeAPIToken(id: Int64, by who: Attribution) throws
    /// The model a token is limited to serving, by name (token forms and lists).
    func registeredModel(named name: String) throws -> RegisteredModel?
    func registeredModel(id: Int64) throws -> RegisteredModel?
    /// Models by name (the account page's choice of a serving token's model).
    func modelSummaries() throws -> [ModelSummary]
}

extension AppDatabase: AccountStore {}
