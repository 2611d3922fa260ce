// A named, frozen copy of a project's accepted labels.
import Foundation

public struct Snapshot: Sendable, Equatable {
    public let id: Int64
    public let projectId: Int64
    public let name: String
    public let createdBy: Int64?
    public let createdAt: Date
    public let imageCount: Int
    public let shapeCount: Int
}

extension Snapshot: RowDecodable {
    init(row: SQLRow) throws {
        id = row["id"]
        projectId = row["project_id"]
        name = row["name"]
        createdBy = row["created_by"]
        createdAt = row["created_at"]
        imageCount = row["image_count"]
        shapeCount = row["shape_count"]
    }
}
