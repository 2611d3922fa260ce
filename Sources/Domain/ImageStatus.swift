// Where an image is in its review: new → in progress → submitted → accepted | rejected (→ in progress).

public enum ImageStatus: String, Sendable, CaseIterable, Codable {
    case new
    case inProgress = "in_progress"
    case submitted
    case accepted
    case rejected
}
