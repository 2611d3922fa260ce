// Batches of a project's images for its annotators.
import Domain
import Foundation

/// The batch controller's view of the store.
public protocol BatchStore: Sendable {
    func createBatches(projectID: Int64, plan: BatchPlan, by who: Attribution) throws -> [BatchProgress]
    func batches(projectID: Int64) throws -> [BatchProgress]
    func updateBatch(projectID: Int64, batchID: Int64, _ change: BatchChange, by who: Attribution) throws -> BatchProgress
    func deleteBatch(projectID: Int64, batchID: Int64, by who: Attribution) throws
}

extension AppDatabase: BatchStore {}
