// A trainer's lease owner name, "host:pid@namespace". A trainer on the same host and in the same
// pid namespace (so not a container that shares the host name) can tell from it whether the process
// holding a lease has exited, and recover that job at once instead of waiting out the lease.
import Foundation

public struct TrainerIdentity: Hashable, Sendable {
    public let host: String
    public let pid: Int32
    /// The pid namespace's inode number ("" when unknown: such a trainer judges no one).
    public let namespace: String

    public init(host: String = ProcessInfo.processInfo.hostName, pid: Int32 = getpid(),
                namespace: String = TrainerIdentity.currentNamespace()) {
        self.host = host
        self.pid = pid
        self.namespace = namespace
    }

    /// Parses an owner name; nil when it is not "host:pid@namespace" (another kind of owner is never judged).
    public init?(owner: String) {
        guard let at = owner.lastIndex(of: "@"), let colon = owner[..<at].lastIndex(of: ":"),
              let pid = Int32(owner[owner.index(after: colon)..<at]), pid > 0 else {
            return nil
        }
        let namespace = String(owner[owner.index(after: at)...])
        guard !namespace.isEmpty else { return nil }
        self.init(host: String(owner[..<colon]), pid: pid, namespace: namespace)
    }

    public var owner: String { "\(host):\(pid)@\(namespace)" }

    /// "4026531836" from /proc/self/ns/pid's link "pid:[4026531836]".
    public static func currentNamespace() -> String {
        let link = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/pid")) ?? ""
        return String(link.filter(\.isNumber))
    }

    /// Whether `other` names a trainer process here (same host, same pid namespace) that no longer
    /// runs. An idle trainer holds no lease, so a lease under its own name was left by an earlier
    /// process with the same pid.
    func hasExited(_ other: TrainerIdentity) -> Bool {
        guard !namespace.isEmpty, other.host == host, other.namespace == namespace else { return false }
        if other.pid == pid { return true }
        return kill(other.pid, 0) == -1 && errno == ESRCH
    }

    /// The owners among `owners` whose processes have exited.
    public func exited(among owners: Set<String>) -> Set<String> {
        owners.filter { TrainerIdentity(owner: $0).map(hasExited) ?? false }
    }
}
