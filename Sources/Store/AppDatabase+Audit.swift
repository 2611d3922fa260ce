// Writing and reading the audit log.
import Foundation

extension AppDatabase {
    static func appendAudit(
        _ db: StoreConnection, by who: Attribution, action: String, target: String, detail: String = "", at: Date = Date()
    ) throws {
        try db.execute(
            literal: """
                INSERT INTO audit_log (at, actor_id, actor_name, action, target, detail, remote_address)
                VALUES (\(at), \(who.userID), \(who.username), \(action), \(target), \(detail), \(who.remoteAddress))
                """)
    }

    /// Newest first; `beforeID` pages backwards.
    public func auditLog(limit: Int = 100, beforeID: Int64? = nil) throws -> [AuditEvent] {
        try read { db in
            try AuditEvent.fetchAll(
                db,
                literal: """
                    SELECT * FROM audit_log WHERE id < \(beforeID ?? Int64.max) ORDER BY id DESC LIMIT \(limit)
                    """)
        }
    }
}
