// Where an image is in its review: new → in progress → submitted → accepted | rejected (→ in progress).

public enum ImageStatus: String, Sendable, CaseIterable, Codable {
    case new
    case inProgress = "in_progress"
    case submitted
    case accepted
    case rejected
}

extension ImageStatus {
    /// For messages: "in progress".
    public var phrase: String { self == .inProgress ? "in progress" : rawValue }
}
