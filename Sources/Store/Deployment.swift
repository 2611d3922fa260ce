// Whether a model's endpoint answers, and who last switched it.
import Foundation

public struct Deployment: Sendable, Equatable {
    public let modelId: Int64
    public let enabled: Bool
    /// Why it was switched off (shown to callers in the 503), or on.
    public let reason: String
    public let changedByName: String
    public let changedAt: Date
}

extension Deployment: RowDecodable {
    init(row: SQLRow) throws {
        modelId = row["model_id"]
        enabled = row["enabled"]
        reason = row["reason"]
        changedByName = row["changed_by_name"]
        changedAt = row["changed_at"]
    }
}
