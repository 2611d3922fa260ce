// A class annotators assign: name (unique in its project), colour, optional hotkey 1–9, and the
// attributes its shapes carry.
import Domain
import Foundation

public struct Label: Sendable, Equatable {
    public let id: Int64
    public let projectId: Int64
    public var name: String
    /// `#rrggbb`
    public var color: String
    /// "1"…"9", unique in the project when set.
    public var hotkey: String?
    /// The score from which a detector's suggestions of this label count as likely (0–1): "accept
    /// all" in the editor takes those, and weaker ones are drawn faint.
    public var suggestionThreshold: Double
    /// What each of its shapes may say besides its place (`occluded`, `colour`, …), in order.
    public var attributes: [AttributeSpec]
    public let createdAt: Date
}

extension Label: RowDecodable {
    init(row: SQLRow) throws {
        id = row["id"]
        projectId = row["project_id"]
        name = row["name"]
        color = row["color"]
        hotkey = row["hotkey"]
        suggestionThreshold = row["suggestion_threshold"]
        attributes = try ShapeCoding.schema(fromJSON: row["attributes"])
        createdAt = row["created_at"]
    }
}
