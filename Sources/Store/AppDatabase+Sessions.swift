// Browser sessions and the login bookkeeping around them (failures for rate limiting, audit rows).
import Foundation

extension AppDatabase {
    /// Records a successful login: the session row, the audit row, and forgets the account's failures.
    public func startSession(
        user: User, tokenHash: String, expiresAt: Date, remoteAddress: String, userAgent: String
    ) throws -> UserSession {
        try write { db in
            let now = Date()
            let session = try UserSession.fetchOne(
                db,
                literal: """
                    INSERT INTO sessions (token_hash, user_id, created_at, expires_at, remote_address, user_agent)
                    VALUES (\(tokenHash), \(user.id), \(now), \(expiresAt), \(remoteAddress), \(String(userAgent.prefix(300))))
                    RETURNING *
                    """)!
            try db.execute(literal: "DELETE FROM login_failures WHERE username = \(user.username.lowercased())")
            try db.execute(literal: "DELETE FROM sessions WHERE expires_at < \(now)")
            let who = Attribution(userID: user.id, username: user.username, remoteAddress: remoteAddress)
            try Self.appendAudit(db, by: who, action: "login.succeeded", target: "user:\(user.username)", at: now)
            return session
        }
    }

    /// The live session and its enabled user for a cookie's hash, or nil.
    public func sessionUser(tokenHash: String, now: Date = Date()) throws -> (UserSession, User)? {
        try lookup { db in
            try UserSession.fetchFirst(db, """
                SELECT \(sql: Self.sessionUserColumns)
                FROM sessions s JOIN users u ON u.id = s.user_id
                WHERE s.token_hash = \(tokenHash) AND s.expires_at > \(now) AND u.disabled = FALSE
                """, followedBy: User.self)
        }
    }

    /// One statement (SQLite's own read transaction): every page and API call in a browser runs it.
    private static let sessionUserColumns = "\(UserSession.selection(from: "s")), \(User.selection(from: "u"))"

    public func endSession(tokenHash: String, by who: Attribution) throws {
        try write { db in
            try db.execute(literal: "DELETE FROM sessions WHERE token_hash = \(tokenHash)")
            if db.changesCount > 0 {
                try Self.appendAudit(db, by: who, action: "logout", target: "user:\(who.username)")
            }
        }
    }

    /// Records a failed login in the audit log and, when it `counts` (a password was actually
    /// checked), toward the rate limit, in one transaction.
    public func recordLoginFailure(
        username: String, remoteAddress: String, reason: String, counts: Bool = true, at: Date = Date()
    ) throws {
        try write { db in
            if counts {
                try db.execute(
                    literal: """
                        INSERT INTO login_failures (username, remote_address, at)
                        VALUES (\(username.lowercased()), \(remoteAddress), \(at))
                        """)
            }
            let who = Attribution(userID: nil, username: "anonymous", remoteAddress: remoteAddress)
            try Self.appendAudit(db, by: who, action: "login.failed", target: "user:\(username)", detail: reason, at: at)
        }
    }

    /// Failure times since `since`, oldest first, for this account and for this address.
    public func recentLoginFailures(username: String, remoteAddress: String, since: Date) throws -> (account: [Date], address: [Date]) {
        try read { db in
            let account = try Date.fetchAll(
                db, literal: "SELECT at FROM login_failures WHERE username = \(username.lowercased()) AND at > \(since) ORDER BY at")
            let address = try Date.fetchAll(
                db, literal: "SELECT at FROM login_failures WHERE remote_address = \(remoteAddress) AND at > \(since) ORDER BY at")
            return (account, address)
        }
    }
}
