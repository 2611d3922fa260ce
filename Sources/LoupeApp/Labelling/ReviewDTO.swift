// The JSON shape of a review decision.
import Domain
import Foundation
import Store
import Web

struct ReviewDTO: Encodable {
    let id: Int64
    let decision: String
    let comment: String
    let reviewer: String?
    let revision: Int
    let at: Date

    init(_ review: Review) {
        id = review.id
        decision = review.decision.rawValue
        comment = review.comment
        reviewer = review.reviewerName
        revision = review.revision
        at = review.at
    }
}
