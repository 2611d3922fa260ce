// Account operations shared by the web app and the CLI: validated creation, login, sessions, tokens.
import Domain
import Foundation
import Store

public struct Accounts: Sendable {
    /// Only what account operations need of the store.
    let database: any CredentialStore
    public let hasher: PasswordHasher
    public var throttle = LoginThrottle()
    /// How long a browser session lasts from login.
    public var sessionLifetime: TimeInterval = 14 * 24 * 3600

    public init(database: any CredentialStore, hasher: PasswordHasher = .configured) {
        self.database = database
        self.hasher = hasher
    }

    // MARK: - Users

    public func createUser(username: String, password: String, role: Role, by who: Attribution) throws -> User {
        guard Username.isValid(username) else { throw AuthError.invalidUsername }
        try Self.checkStrength(password)
        return try database.createUser(username: username, passwordHash: try hasher.hash(password), role: role, by: who)
    }

    public func setPassword(userID: Int64, password: String, by who: Attribution) throws {
        try Self.checkStrength(password)
        try database.setPassword(userID: userID, passwordHash: try hasher.hash(password), by: who)
    }

    public func verifyPassword(_ password: String, of user: User) -> Bool {
        hasher.verify(password, against: user.passwordHash)
    }

    static func checkStrength(_ password: String) throws {
        guard (PasswordHasher.minimumLength...PasswordHasher.maximumLength).contains(password.count) else {
            throw AuthError.weakPassword
        }
    }

    /// A random password for a first admin or a reset: 20 characters from an unambiguous alphabet.
    public static func randomPassword() -> String {
        let alphabet = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var rng = SystemRandomNumberGenerator()
        return String((0..<20).map { _ in alphabet.randomElement(using: &rng)! })
    }

    // MARK: - Sessions

    /// Checks the password under the rate limit; on success starts a session and returns its secret.
    /// Unknown users cost the same scrypt time as known ones, so timing does not reveal accounts.
    public func login(
        username: String, password: String, remoteAddress: String, userAgent: String, now: Date = Date()
    ) throws -> (secret: String, user: User) {
        let failures = try database.recentLoginFailures(
            username: username, remoteAddress: remoteAddress, since: now.addingTimeInterval(-throttle.window))
        if let wait = throttle.retryAfter(accountFailures: failures.account, addressFailures: failures.address, now: now) {
            // Audited, but not counted: retrying while locked out must not extend the lockout.
            try database.recordLoginFailure(username: username, remoteAddress: remoteAddress, reason: "throttled",
                                            counts: false, at: now)
            throw AuthError.throttled(retryAfter: wait)
        }
        let user = try database.user(named: username)
        let matches = hasher.verify(password, against: user?.passwordHash ?? Self.decoyHash)
        guard let user, matches, !user.disabled else {
            let reason = user == nil ? "unknown user" : (user!.disabled ? "disabled" : "wrong password")
            try database.recordLoginFailure(username: username, remoteAddress: remoteAddress, reason: reason, counts: true, at: now)
            throw AuthError.invalidCredentials
        }
        let secret = SecretToken.generate(prefix: "lps_")
        _ = try database.startSession(
            user: user, tokenHash: SecretToken.hash(secret), expiresAt: now.addingTimeInterval(sessionLifetime),
            remoteAddress: remoteAddress, userAgent: userAgent)
        return (secret, user)
    }

    /// A valid scrypt hash of a random password, computed once, for unknown usernames.
    private static let decoyHash: String = (try? PasswordHasher.configured.hash(randomPassword())) ?? ""

    public func session(secret: String) throws -> (UserSession, User)? {
        try database.sessionUser(tokenHash: SecretToken.hash(secret), now: Date())
    }

    public func logout(secret: String, by who: Attribution) throws {
        try database.endSession(tokenHash: SecretToken.hash(secret), by: who)
    }

    // MARK: - API tokens

    /// Creates a token and returns its secret, which is shown this once and never stored.
    /// With `scopeModelID`, the token may only call that model's serving endpoints.
    public func createToken(userID: Int64, name: String, scopeModelID: Int64? = nil, by who: Attribution) throws -> (secret: String, token: APIToken) {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...100).contains(trimmed.count) else { throw AuthError.invalidTokenName }
        let secret = SecretToken.generate(prefix: "lpt_")
        let token = try database.createAPIToken(
            userID: userID, name: trimmed, tokenHash: SecretToken.hash(secret),
            displayPrefix: String(secret.prefix(10)), scopeModelID: scopeModelID, by: who)
        return (secret, token)
    }

    public func token(secret: String) throws -> (APIToken, User)? {
        guard let found = try database.tokenUser(tokenHash: SecretToken.hash(secret)) else { return nil }
        try database.noteTokenUse(found.0, now: Date())
        return found
    }
}
