// Why a job stopped early; each message is what the jobs page shows.

public enum TrainingError: Error, Equatable, CustomStringConvertible {
    /// The dataset cannot be trained on: no samples, one class, …
    case unusableDataset(String)
    case unreadableImage(imageID: Int64, reason: String)
    case cancelled
    /// The trainer is shutting down: the job goes back to the queue.
    case interrupted
    /// Another trainer recovered the job: stop without writing.
    case leaseLost

    public var description: String {
        switch self {
        case .unusableDataset(let why): why
        case .unreadableImage(let id, let reason): "image \(id) could not be read: \(reason)"
        case .cancelled: "cancelled"
        case .interrupted: "the trainer was stopped"
        case .leaseLost: "the job's lease was lost"
        }
    }
}
