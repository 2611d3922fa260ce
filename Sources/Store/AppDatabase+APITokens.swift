// API tokens for scripts: create, resolve, list, revoke.
import Foundation

extension AppDatabase {
    /// A token for `userID`; with `scopeModelID`, limited to serving that model.
    public func createAPIToken(userID: Int64, name: String, tokenHash: String, displayPrefix: String, scopeModelID: Int64? = nil,
                               by who: Attribution) throws -> APIToken {
        try write { db in
            guard let owner = try User.fetchOne(db, literal: "SELECT * FROM users WHERE id = \(userID)") else { throw StoreError.notFound(entity: "user") }
            var scopeName: String?
            if let scopeModelID {
                scopeName = try String.fetchOne(db, literal: "SELECT name FROM registered_models WHERE id = \(scopeModelID)")
                guard scopeName != nil else { throw StoreError.invalid(field: "scope_model", message: "No such model to limit the token to.") }
            }
            let token = try APIToken.fetchOne(
                db,
                literal: """
                    INSERT INTO api_tokens (user_id, name, token_hash, display_prefix, created_at, scope_model_id)
                    VALUES (\(userID), \(name), \(tokenHash), \(displayPrefix), \(Date()), \(scopeModelID)) RETURNING *
                    """)!
            try Self.appendAudit(db, by: who, action: "token.created", target: "user:\(owner.username)",
                                 detail: "token \(token.id) '\(name)'" + (scopeName.map { ", serving \($0) only" } ?? ""))
            return token
        }
    }

    /// The unrevoked token and its enabled owner for a bearer secret's hash, or nil. One statement
    /// (SQLite's own read transaction): every API call with a token runs it.
    public func tokenUser(tokenHash: String) throws -> (APIToken, User)? {
        try lookup { db in
            try APIToken.fetchFirst(db, """
                SELECT \(sql: Self.tokenUserColumns)
                FROM api_tokens t JOIN users u ON u.id = t.user_id
                WHERE t.token_hash = \(tokenHash) AND t.revoked_at IS NULL AND u.disabled = FALSE
                """, followedBy: User.self)
        }
    }

    private static let tokenUserColumns = "\(APIToken.selection(from: "t")), \(User.selection(from: "u"))"

    /// Notes a token's use at most once a minute, so reads do not turn into a write each.
    public func noteTokenUse(_ token: APIToken, now: Date = Date()) throws {
        if let last = token.lastUsedAt, now.timeIntervalSince(last) < 60 { return }
        try write { db in
            try db.execute(literal: "UPDATE api_tokens SET last_used_at = \(now) WHERE id = \(token.id)")
        }
    }

    /// All tokens of one user (or of everyone when nil), newest first, revoked ones included.
    public func apiTokens(userID: Int64?) throws -> [APIToken] {
        try read { db in
            if let userID {
                return try APIToken.fetchAll(db, literal: "SELECT * FROM api_tokens WHERE user_id = \(userID) ORDER BY id DESC")
            }
            return try APIToken.fetchAll(db, literal: "SELECT * FROM api_tokens ORDER BY id DESC")
        }
    }

    public func apiToken(id: Int64) throws -> APIToken? {
        try lookup { db in try APIToken.fetchOne(db, literal: "SELECT * FROM api_tokens WHERE id = \(id)") }
    }

    /// Revokes a token once; revoking it again changes nothing and writes no audit row.
    public func revokeAPIToken(id: Int64, by who: Attribution) throws {
        try write { db in
            guard let token = try APIToken.fetchOne(db, literal: "SELECT * FROM api_tokens WHERE id = \(id)") else { throw StoreError.notFound(entity: "token") }
            guard token.revokedAt == nil else { return }
            try db.execute(literal: "UPDATE api_tokens SET revoked_at = \(Date()) WHERE id = \(id)")
            let owner = try User.fetchOne(db, literal: "SELECT * FROM users WHERE id = \(token.userId)")
            try Self.appendAudit(db, by: who, action: "token.revoked", target: "user:\(owner?.username ?? "?")",
                                 detail: "token \(id) '\(token.name)'")
        }
    }
}
