// The audit log, newest first.
import Domain
import Foundation

/// The audit controller's view of the store.
public protocol AuditLog: Sendable {
    /// Newest first; `beforeID` pages backwards.
    func auditLog(limit: Int, beforeID: Int64?) throws -> [AuditEvent]
}

extension AppDatabase: AuditLog {}
