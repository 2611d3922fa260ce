// Overlap (k people per image, their agreement, the consensus a reviewer accepts) and ground truth
// (trusted images mixed into queues, each person's accuracy).
import Domain
import Foundation

/// The quality controller's view of the store.
public protocol QualityStore: Sendable {
    func addOverlap(projectID: Int64, share: Double, copies: Int, by who: Attribution) throws -> Int
    func overlapCounts(projectID: Int64) throws -> OverlapCounts
    func overlapImages(projectID: Int64, limit: Int) throws -> [OverlapImage]
    func overlapWork(projectID: Int64) throws -> [[NamedWork]]
    func submittedCopies(imageID: Int64) throws -> [(person: String, shapes: [Shape])]
    func acceptConsensus(imageID: Int64, shapes: [Shape], rules: ShapeValidation, by who: Attribution) throws -> ImageRecord
    func markGroundTruth(projectID: Int64, _ selection: GroundTruthSelection, by who: Attribution) throws -> Int
    func unmarkGroundTruth(projectID: Int64, imageID: Int64, by who: Attribution) throws
    func setGroundTruthEvery(projectID: Int64, every: Int, by who: Attribution) throws
    func groundTruthSummary(projectID: Int64) throws -> GroundTruthSummary
}

extension AppDatabase: QualityStore {}
