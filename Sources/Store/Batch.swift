// A batch of a project's images for one annotator, with how far its images have come.
import Domain
import Foundation

public struct BatchProgress: Sendable, Equatable {
    public let id: Int64
    public let projectID: Int64
    public let name: String
    public let assigneeID: Int64?
    /// nil when nobody is assigned (or the account was deleted).
    public let assignee: String?
    public let dueOn: String?
    public let createdAt: Date
    /// Images in the batch, by status.
    public let counts: [ImageStatus: Int]

    public var total: Int { counts.values.reduce(0, +) }
    /// Submitted or accepted: nothing left for the annotator.
    public var done: Int { (counts[.submitted] ?? 0) + (counts[.accepted] ?? 0) }
}

extension BatchProgress: RowDecodable {
    init(row: SQLRow) throws {
        id = row["id"]
        projectID = row["project_id"]
        name = row["name"]
        assigneeID = row["assignee_id"]
        assignee = row["assignee"]
        dueOn = row["due_on"]
        createdAt = row["created_at"]
        var counts: [ImageStatus: Int] = [:]
        for status in ImageStatus.allCases { counts[status] = row[status.rawValue] ?? 0 }
        self.counts = counts
    }

    /// Batches with their assignee and images counted by status; the caller adds WHERE and ORDER.
    static let selection: SQLQuery = """
        SELECT b.id, b.project_id, b.name, b.assignee_id, b.due_on, b.created_at, u.username AS assignee,
               COUNT(i.id) FILTER (WHERE i.status = 'new') AS new,
               COUNT(i.id) FILTER (WHERE i.status = 'in_progress') AS in_progress,
               COUNT(i.id) FILTER (WHERE i.status = 'submitted') AS submitted,
               COUNT(i.id) FILTER (WHERE i.status = 'accepted') AS accepted,
               COUNT(i.id) FILTER (WHERE i.status = 'rejected') AS rejected
        FROM batches b LEFT JOIN users u ON u.id = b.assignee_id
        LEFT JOIN batch_images bi ON bi.batch_id = b.id LEFT JOIN images i ON i.id = bi.image_id
        """
}

/// What a data-team member changes on a batch: nil leaves a field as it is; `.some(nil)` clears it.
public struct BatchChange: Sendable, Equatable {
    public var name: String?
    public var assignee: String??
    public var dueOn: String??

    public init(name: String? = nil, assignee: String?? = nil, dueOn: String?? = nil) {
        (self.name, self.assignee, self.dueOn) = (name, assignee, dueOn)
    }
}
