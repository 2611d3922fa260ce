// The labelling queue: the next image for a person, holds, suggestions, the ranked list and its settings.
import Domain
import Foundation

/// The queue controller's view of the store.
public protocol LabellingQueueStore: WorkCopyStore {
    /// The best image to label next for this user, held for them for `holdSeconds`: their own
    /// batches first, then the highest ranked open image in nobody else's batch, else the oldest.
    /// Taking a new image releases the user's other holds in the project. `skipping` passes over the
    /// image the user is leaving without finishing it. nil: nothing left.
    func takeNextImage(projectID: Int64, userID: Int64, holdSeconds: TimeInterval, skipping: Int64?) throws -> ImageRecord?
    /// Open, unlabelled images kept for other people's batches: what an empty queue is waiting on.
    func imagesReservedForOthers(projectID: Int64, userID: Int64) throws -> Int
    /// Keeps the user's hold on an image while its editor is open. When someone else holds it, nothing
    /// changes and the answer names them and when their hold ends.
    func renewHold(imageID: Int64, userID: Int64, holdSeconds: TimeInterval) throws -> HoldOutcome
    func suggestion(imageID: Int64) throws -> Suggestion?
    /// Open scored images by rank (the queue as the gallery shows it), `offset` then `limit`.
    func rankedImages(projectID: Int64, offset: Int, limit: Int) throws -> [RankedImage]
    func activeLearningSettings(projectID: Int64) throws -> ActiveLearningSettings
    func updateActiveLearningSettings(projectID: Int64, _ settings: ActiveLearningSettings, by who: Attribution) throws
    func queueSummary(projectID: Int64) throws -> QueueSummary
}

extension AppDatabase: LabellingQueueStore {}
