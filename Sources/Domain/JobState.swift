// A job's life: queued → running → succeeded | failed | cancelled (running → queued once, on recovery).

public enum JobState: String, Sendable, Codable, CaseIterable {
    case queued, running, succeeded, failed, cancelled

    public var isFinished: Bool { self == .succeeded || self == .failed || self == .cancelled }
}

public enum JobKind: String, Sendable, Codable, CaseIterable {
    /// Train one model and register it.
    case train
    /// Train several trials over a search space and register the best.
    case search
    /// Score the project's unlabelled images with a model version, for the labelling queue.
    case score
    /// Propose boxes on the project's images with a detector version (pre-labelling).
    case predict
    /// One trial of a search, run by whichever trainer is free (a search queues them itself).
    case trial
    /// Run a version over many images into downloadable results files.
    case batch
}
