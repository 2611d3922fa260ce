// A running job's line to the store: throttled heartbeats that extend the lease, report progress,
// and turn a cancel request, a lost lease or a shutdown into an error at the next step.
import Dispatch
import Foundation
import Store
import Synchronization

public final class JobContext {
    public let job: Job
    public let owner: String
    let database: AppDatabase
    let leaseSeconds: TimeInterval
    let shutdown: ShutdownFlag
    private var lastBeat: UInt64 = 0
    private(set) var message = "starting"

    init(job: Job, owner: String, database: AppDatabase, leaseSeconds: TimeInterval, shutdown: ShutdownFlag) {
        self.job = job
        self.owner = owner
        self.database = database
        self.leaseSeconds = leaseSeconds
        self.shutdown = shutdown
    }

    /// Records progress (0…1) and what is happening; talks to the store at most once a second
    /// unless `force`. Throws when the job must stop.
    public func checkpoint(_ progress: Double, _ message: String? = nil, force: Bool = false) throws {
        if let message { self.message = message }
        if shutdown.isSet { throw TrainingError.interrupted }
        let now = DispatchTime.now().uptimeNanoseconds
        guard force || now - lastBeat >= 1_000_000_000 else { return }
        lastBeat = now
        switch try database.heartbeat(jobID: job.id, owner: owner, leaseSeconds: leaseSeconds,
                                      progress: progress, message: self.message) {
        case .carryOn: return
        case .cancelRequested: throw TrainingError.cancelled
        case .leaseLost: throw TrainingError.leaseLost
        }
    }
}

/// Set by SIGTERM/SIGINT; the running job notices at its next checkpoint.
public final class ShutdownFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    public init() {}
    public var isSet: Bool { flag.load(ordering: .relaxed) }
    public func set() { flag.store(true, ordering: .relaxed) }
}
