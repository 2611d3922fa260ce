// The review's stage machine: which status an image moves to on a save, a submit or a decision.

public enum ReviewDecision: String, Sendable, CaseIterable {
    case accept
    case reject

    public var status: ImageStatus { self == .accept ? .accepted : .rejected }
}

public enum ReviewFlow {
    /// After a save of the image's shapes: new and rejected work is in progress again; a submitted
    /// or accepted image keeps its status (only reviewers may edit it, see `mayEdit`).
    public static func statusAfterSave(_ status: ImageStatus) -> ImageStatus {
        switch status {
        case .new, .rejected: .inProgress
        case .inProgress, .submitted, .accepted: status
        }
    }

    /// Annotators edit until they submit; reviewers may also correct what they are reviewing.
    public static func mayEdit(_ status: ImageStatus, canReview: Bool) -> Bool {
        canReview || status == .new || status == .inProgress || status == .rejected
    }

    /// An image may be submitted for review unless it already is, or was accepted.
    public static func maySubmit(_ status: ImageStatus) -> Bool {
        status == .new || status == .inProgress || status == .rejected
    }

    /// Only submitted images are decided.
    public static func mayDecide(_ status: ImageStatus) -> Bool { status == .submitted }
}
