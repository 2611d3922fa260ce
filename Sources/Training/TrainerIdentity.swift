// A trainer's lease owner name, "host:pid". A trainer on the same host can tell from it whether the
// process holding a lease has exited, and recover that job at once instead of waiting out the lease.
import Foundation

public struct TrainerIdentity: Hashable, Sendable {
    public let host: String
    public let pid: Int32

    public init(host: String = ProcessInfo.processInfo.hostName, pid: Int32 = getpid()) {
        self.host = host
        self.pid = pid
    }

    /// Parses an owner name; nil when it is not "host:pid" (another kind of owner is never judged).
    public init?(owner: String) {
        guard let colon = owner.lastIndex(of: ":"), let pid = Int32(owner[owner.index(after: colon)...]), pid > 0 else {
            return nil
        }
        self.init(host: String(owner[..<colon]), pid: pid)
    }

    public var owner: String { "\(host):\(pid)" }

    /// Whether `other` names a trainer process on this host that no longer runs. An idle trainer
    /// holds no lease, so a lease under its own name was left by an earlier process with the same pid.
    func hasExited(_ other: TrainerIdentity) -> Bool {
        guard other.host == host else { return false }
        if other.pid == pid { return true }
        return kill(other.pid, 0) == -1 && errno == ESRCH
    }

    /// The owners among `owners` whose processes have exited.
    public func exited(among owners: Set<String>) -> Set<String> {
        owners.filter { TrainerIdentity(owner: $0).map(hasExited) ?? false }
    }
}
