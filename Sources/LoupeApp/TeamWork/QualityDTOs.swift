// Overlap, consensus and ground truth as the API shows them.
import Domain
import Foundation
import Store

struct OverlapImageDTO: Encodable {
    let image: ImageDTO
    let copies: Int
    let submitted: [String]
    let working: [String]
    let ready: Bool
    let merged: Bool

    init(_ overlap: OverlapImage) {
        (image, copies, submitted, working) = (ImageDTO(overlap.image), overlap.copies, overlap.submitted, overlap.working)
        (ready, merged) = (overlap.ready, overlap.merged)
    }
}

struct PairDTO: Encodable {
    let first: String
    let second: String
    let images: Int
    let boxF1: Double?
    let tagKappa: Double?

    init(_ pair: PairAgreement) {
        (first, second, images, boxF1, tagKappa) = (pair.first, pair.second, pair.images, pair.boxF1, pair.tagKappa)
    }
}

struct PersonAgreementDTO: Encodable {
    let username: String
    let images: Int
    let boxF1: Double?

    init(_ person: PersonAgreement) { (username, images, boxF1) = (person.person, person.images, person.boxF1) }
}

struct OverlapDTO: Encodable {
    struct Counts: Encodable { let ready: Int; let collecting: Int; let merged: Int }
    let counts: Counts
    let images: [OverlapImageDTO]
    let pairs: [PairDTO]
    let people: [PersonAgreementDTO]
}

struct CopyDTO: Encodable {
    let person: String
    let shapes: [ShapeJSON]
}

struct ConsensusDTO: Encodable {
    struct Proposal: Encodable {
        let shapes: [ShapeJSON]
        /// How many people drew each proposed shape.
        let support: [Int]
    }

    let copies: [CopyDTO]
    let proposal: Proposal
    let pairs: [PairDTO]
}

struct GroundTruthDTO: Encodable {
    struct Accuracy: Encodable {
        let username: String
        let images: Int
        let boxF1: Double?
        let tagAccuracy: Double?
    }

    let every: Int
    let images: Int
    let people: [Accuracy]

    init(_ summary: GroundTruthSummary) {
        (every, images) = (summary.every, summary.images)
        people = GroundTruthScore.accuracy(summary.checks).map {
            Accuracy(username: $0.person, images: $0.images, boxF1: $0.boxF1, tagAccuracy: $0.tagAccuracy)
        }
    }
}
