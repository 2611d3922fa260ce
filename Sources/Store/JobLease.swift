// What a trainer holds while it runs a job. Every job write names the whole lease, so a trainer whose
// lease was taken over writes nothing more — even when it is the one that claimed the job again.
import Foundation

public struct JobLease: Sendable, Equatable {
    public let jobID: Int64
    /// The trainer's name for itself ("host:pid@namespace").
    public let owner: String
    /// Which claim of the job this is: the fencing token. A recovered and reclaimed job has a higher
    /// attempt, so the earlier run's writes match no row.
    public let attempt: Int

    public init(jobID: Int64, owner: String, attempt: Int) {
        self.jobID = jobID
        self.owner = owner
        self.attempt = attempt
    }

    /// The lease on a job as claimed (its `attempts` counts this claim).
    public init(claimed job: Job, owner: String) {
        self.init(jobID: job.id, owner: owner, attempt: job.attempts)
    }

    /// True of the job's row while this lease still holds it.
    var holdsRow: SQLQuery {
        "id = \(jobID) AND state = 'running' AND lease_owner = \(owner) AND attempts = \(attempt)"
    }
}
