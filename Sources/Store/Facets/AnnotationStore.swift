// An image's shapes and its review: read, saved by revision, submitted, accepted or rejected.
import Domain
import Foundation

/// The annotation and review controllers' view of the store.
public protocol AnnotationStore: WorkCopyStore {
    /// Boxes a detector proposed on the image, not yet accepted or rejected.
    func boxSuggestions(imageID: Int64) throws -> [BoxSuggestion]
    func annotations(imageID: Int64) throws -> (revision: Int, shapes: [Shape])
    /// Adds `shapes` to the next `count` images after this one (of `status`, when given), clamped to each.
    func propagateShapes(from imageID: Int64, shapes: [Shape], count: Int, status: ImageStatus?, canReview: Bool,
                         by who: Attribution) throws -> PropagationResult
    /// Which of the image's shapes a model proposed, as they are saved now.
    func shapeOrigins(imageID: Int64) throws -> ShapeOrigins
    /// Who saved the image's current revision, and when (nil before its first save; the name is nil
    /// when that account was deleted).
    func lastSave(imageID: Int64) throws -> (username: String?, at: Date)?
    /// Replaces the image's shapes in one transaction, if `expectedRevision` is still current: the
    /// shapes are validated against the project's labels and the image's size as they are now, the
    /// revision goes up by one, the whole set is kept as a revision row, and a new image becomes
    /// in progress. Returns the new revision, the stored (clamped) shapes and where they came from.
    /// Annotators cannot change an image while it is submitted or accepted; `canReview` callers can.
    /// `decisions` say which shapes came from a model's suggestion and which box suggestions were
    /// rejected or reopened (see `SuggestionDecisions`).
    func saveAnnotations(imageID: Int64, expectedRevision: Int, shapes: [Shape], rules: ShapeValidation, canReview: Bool, decisions: SuggestionDecisions, by who: Attribution) throws -> (revision: Int, shapes: [Shape], origins: ShapeOrigins)
    /// Marks the image submitted. `expectedRevision`, when given, must still be current, so what
    /// the reviewer sees is what the annotator submitted.
    func submitImage(id: Int64, expectedRevision: Int?, by who: Attribution) throws -> ImageRecord
    /// Accepts or rejects a submitted image; a rejection needs a comment saying what to fix.
    func reviewImage(id: Int64, decision: ReviewDecision, comment rawComment: String, by who: Attribution) throws -> ImageRecord
    /// The image's decisions, newest first.
    func reviews(imageID: Int64) throws -> [Review]
}

extension AppDatabase: AnnotationStore {}
