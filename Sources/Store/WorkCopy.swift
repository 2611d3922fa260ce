// One person's own work on an image labelled apart from its shapes: an overlap image (k people label
// it independently) or a ground-truth image mixed into their queue.
import Domain
import Foundation

public enum WorkKind: String, Sendable {
    case overlap
    case groundTruth = "ground_truth"
}

public struct WorkCopy: Sendable, Equatable {
    public enum Status: String, Sendable {
        /// Nothing saved yet (no row).
        case new
        case inProgress = "in_progress"
        case submitted
    }

    public let imageID: Int64
    public let kind: WorkKind
    public let revision: Int
    public let shapes: [Shape]
    public let status: Status
    public let savedAt: Date?

    /// The status the person sees the image in: their copy's, never the image's own (a ground-truth
    /// copy nobody saved yet is new, like any image fresh from the queue).
    public var imageStatus: ImageStatus {
        switch status {
        case .new: .new
        case .inProgress: revision == 0 ? .new : .inProgress
        case .submitted: .submitted
        }
    }
}

/// An overlap image and how far its people have come.
public struct OverlapImage: Sendable, Equatable {
    public let image: ImageRecord
    public let copies: Int
    public let merged: Bool
    /// Who has submitted their copy, and who is still on theirs.
    public let submitted: [String]
    public let working: [String]

    /// Every copy is in: a reviewer can merge them.
    public var ready: Bool { !merged && submitted.count >= copies }
}

/// The project's overlap images by where they stand.
public struct OverlapCounts: Sendable, Equatable {
    public let ready: Int
    public let collecting: Int
    public let merged: Int
}
