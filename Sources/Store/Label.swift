// A class annotators assign: name (unique in its project), colour, optional hotkey 1–9.
import Foundation
internal import GRDB

public struct Label: Sendable, Equatable {
    public let id: Int64
    public let projectId: Int64
    public var name: String
    /// `#rrggbb`
    public var color: String
    /// "1"…"9", unique in the project when set.
    public var hotkey: String?
    public let createdAt: Date
}

extension Label: RowDecodable {
    init(row: Row) throws {
        id = row["id"]
        projectId = row["project_id"]
        name = row["name"]
        color = row["color"]
        hotkey = row["hotkey"]
        createdAt = row["created_at"]
    }
}
