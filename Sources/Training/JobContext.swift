// A running job's line to the store: throttled heartbeats that extend the lease, report progress,
// and turn a cancel request, a lost lease or a shutdown into an error at the next step. Its writes
// wait out a full disk rather than fail the job.
import Dispatch
import FileStore
import Foundation
import Logging
import Monitoring
import Store
import Synchronization

public final class JobContext {
    public let job: Job
    public let owner: String
    /// This run's hold on the job: every write of the job names it.
    public var lease: JobLease { JobLease(claimed: job, owner: owner) }
    let database: any JobQueue
    let leaseSeconds: TimeInterval
    let shutdown: ShutdownFlag
    let logger: Logger
    /// How long a write waits for a full disk to get space before the job fails, and how often it tries.
    var diskFullPatience: TimeInterval = 3600
    var diskFullRetryInterval: TimeInterval = 1
    private var lastBeat: UInt64 = 0
    /// The process's CPU time when the job started: its heartbeats report what it has used since.
    private let cpuAtStart = ProcessStats.ownCPUSeconds()
    private(set) var message = "starting"
    private(set) var progress = 0.0
    /// A search running one of its trials itself: each of the trial's heartbeats is also the search's,
    /// so its lease holds and its cancellation reaches the trial.
    let parent: JobContext?

    init(job: Job, owner: String, database: any JobQueue, leaseSeconds: TimeInterval, shutdown: ShutdownFlag,
         logger: Logger = Logger(label: "loupe.trainer"), parent: JobContext? = nil) {
        self.job = job
        self.owner = owner
        self.database = database
        self.leaseSeconds = leaseSeconds
        self.shutdown = shutdown
        self.logger = logger
        self.parent = parent
    }

    /// A context for a job this one runs inside itself (a search's trial).
    func child(_ job: Job) -> JobContext {
        JobContext(job: job, owner: owner, database: database, leaseSeconds: leaseSeconds, shutdown: shutdown, logger: logger, parent: self)
    }

    /// Runs a write to the store or the file store. While the disk is full, or the database server
    /// cannot be reached (PostgreSQL restarting), it tries again every `diskFullRetryInterval` (a job
    /// pauses, and goes on once space is freed or the server is back) until `diskFullPatience` has
    /// passed; a shutdown meanwhile hands the job back. The writes it wraps can be repeated: a
    /// heartbeat, an epoch's row, a content-addressed file, a write guarded by the lease.
    @discardableResult
    public func persist<T>(_ write: () throws -> T) throws -> T {
        var waiting: (since: Date, for: String)?
        while true {
            do {
                let result = try write()
                if let waiting { logger.notice("job \(job.id): \(waiting.for) back after \(Int(-waiting.since.timeIntervalSinceNow)) s") }
                return result
            } catch where Self.isDiskFull(error) || Self.isStoreUnavailable(error) {
                if shutdown.isSet { throw TrainingError.interrupted }
                if let waiting, -waiting.since.timeIntervalSinceNow >= diskFullPatience { throw error }
                if waiting == nil {
                    let disk = Self.isDiskFull(error)
                    let store = error is FileStoreError ? "the object store" : "the database"
                    waiting = (Date(), disk ? "disk space is" : "\(store) is")
                    logger.warning("job \(job.id): \(disk ? "the disk is full; waiting for space" : "\(store) is unavailable; waiting for it") while \(message)")
                }
                Thread.sleep(forTimeInterval: diskFullRetryInterval)
            }
        }
    }

    /// The database server or the object store cannot be reached (restarting, a network fault).
    static func isStoreUnavailable(_ error: any Error) -> Bool {
        switch error {
        case StoreError.unavailable, FileStoreError.objectStoreUnavailable: true
        default: false
        }
    }

    static func isDiskFull(_ error: any Error) -> Bool {
        switch error {
        case StoreError.diskFull: true
        case FileStoreError.io(_, _, _, let diskFull): diskFull
        default: false
        }
    }

    /// Records progress (0…1) and what is happening; talks to the store at most once a second
    /// unless `force`. Throws when the job must stop.
    public func checkpoint(_ progress: Double, _ message: String? = nil, force: Bool = false) throws {
        if let message { self.message = message }
        self.progress = progress
        if shutdown.isSet { throw TrainingError.interrupted }
        let now = DispatchTime.now().uptimeNanoseconds
        guard force || now - lastBeat >= 1_000_000_000 else { return }
        lastBeat = now
        let resources = JobResources(cpuSeconds: ProcessStats.ownCPUSeconds() - cpuAtStart,
                                     residentBytes: ProcessStats.read(getpid())?.residentBytes ?? 0)
        switch try persist({ try database.heartbeat(lease: lease, leaseSeconds: leaseSeconds,
                                                    progress: progress, message: self.message, resources: resources) }) {
        case .carryOn: break
        case .cancelRequested: throw TrainingError.cancelled
        case .leaseLost: throw TrainingError.leaseLost
        }
        if let parent { try parent.checkpoint(parent.progress, force: true) }
    }
}

/// Set by SIGTERM/SIGINT; the running job notices at its next checkpoint.
public final class ShutdownFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    public init() {}
    public var isSet: Bool { flag.load(ordering: .relaxed) }
    public func set() { flag.store(true, ordering: .relaxed) }
}
