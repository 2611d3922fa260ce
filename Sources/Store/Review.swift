// A reviewer's decision on a submitted image, kept as history.
import Domain
import Foundation

public struct Review: Sendable, Equatable {
    public let id: Int64
    public let imageId: Int64
    public let reviewerId: Int64?
    public let reviewerName: String?
    public let decision: ImageStatus
    public let comment: String
    /// The shapes' revision that was decided on.
    public let revision: Int
    public let at: Date
}

extension Review: RowDecodable {
    init(row: SQLRow) throws {
        id = row["id"]
        imageId = row["image_id"]
        reviewerId = row["reviewer_id"]
        reviewerName = row["reviewer_name"]
        decision = try ImageStatus.decoded(row["decision"])
        comment = row["comment"]
        revision = row["revision"]
        at = row["at"]
    }
}
