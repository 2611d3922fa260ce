// Users: create, find, list, change role, disable, set password. Each change writes its audit row.
import Domain
import Foundation

extension AppDatabase {
    public func createUser(username: String, passwordHash: String, role: Role, by who: Attribution) throws -> User {
        try write { db in
            let now = Date()
            let user: User
            do {
                user = try User.fetchOne(
                    db,
                    literal: """
                        INSERT INTO users (username, password_hash, role, disabled, created_at, password_changed_at)
                        VALUES (\(username), \(passwordHash), \(role.rawValue), FALSE, \(now), \(now)) RETURNING *
                        """)!
            } catch SQLFailure.uniqueViolation {
                throw StoreError.duplicate(field: "username", value: username)
            }
            try Self.appendAudit(db, by: who, action: "user.created", target: "user:\(username)", detail: "role=\(role.rawValue)")
            return user
        }
    }

    public func user(id: Int64) throws -> User? {
        try lookup { db in try User.fetchOne(db, literal: "SELECT * FROM users WHERE id = \(id)") }
    }

    /// Usernames are matched case-insensitively.
    public func user(named username: String) throws -> User? {
        try lookup { db in try User.fetchOne(db, literal: "SELECT * FROM users WHERE username = \(username)") }
    }

    public func users() throws -> [User] {
        try read { db in try User.fetchAll(db, literal: "SELECT * FROM users ORDER BY \(db.dialect.caseInsensitive("username"))") }
    }

    public func countUsers() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users") ?? 0 }
    }

    /// Changes role and/or the disabled flag. Disabling also ends the user's sessions.
    public func updateUser(id: Int64, role: Role?, disabled: Bool?, by who: Attribution) throws -> User {
        try write { db in
            guard var user = try User.fetchOne(db, literal: "SELECT * FROM users WHERE id = \(id)") else { throw StoreError.notFound(entity: "user") }
            var changes: [String] = []
            if let role, role != user.role {
                changes.append("role \(user.role.rawValue)→\(role.rawValue)")
                user.role = role
            }
            if let disabled, disabled != user.disabled {
                changes.append(disabled ? "disabled" : "enabled")
                user.disabled = disabled
                if disabled { try db.execute(literal: "DELETE FROM sessions WHERE user_id = \(id)") }
            }
            guard !changes.isEmpty else { return user }
            try db.execute(literal: "UPDATE users SET role = \(user.role.rawValue), disabled = \(user.disabled) WHERE id = \(id)")
            let admins = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = FALSE") ?? 0
            if admins == 0 { throw StoreError.lastAdmin }  // rolls the transaction back
            try Self.appendAudit(db, by: who, action: "user.updated", target: "user:\(user.username)",
                                 detail: changes.joined(separator: ", "))
            return user
        }
    }

    /// Replaces the password hash and ends every session of the user, so a stolen cookie dies with the old password.
    public func setPassword(userID: Int64, passwordHash: String, by who: Attribution) throws {
        try write { db in
            guard let user = try User.fetchOne(db, literal: "SELECT * FROM users WHERE id = \(userID)") else { throw StoreError.notFound(entity: "user") }
            try db.execute(
                literal: "UPDATE users SET password_hash = \(passwordHash), password_changed_at = \(Date()) WHERE id = \(userID)")
            try db.execute(literal: "DELETE FROM sessions WHERE user_id = \(userID)")
            try Self.appendAudit(db, by: who, action: "user.password_changed", target: "user:\(user.username)")
        }
    }
}
