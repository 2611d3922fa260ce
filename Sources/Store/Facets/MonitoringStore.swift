// What health checks and /metrics read from the store.
import Domain
import Foundation

/// The operations controllers' view of the store.
public protocol MonitoringStore: Sendable {
    /// The newest applied migration, read from the file: proves the database answers (health check).
    func currentSchema() throws -> String?
    func monitoringCounts(now: Date) throws -> MonitoringCounts
}

extension AppDatabase: MonitoringStore {}
