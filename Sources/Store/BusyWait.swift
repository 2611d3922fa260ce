// How a process waits when another holds SQLite's write lock, counting each wait for /metrics.
import Foundation

/// SQLite's own `busy_timeout` schedule (1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, then 100 ms),
/// rebuilt as a busy handler so each retry can be reported; gives up once `timeout` is spent.
struct BusyWait: Sendable {
    static let delaysMilliseconds = [1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100]
    let timeout: TimeInterval
    let onRetry: @Sendable () -> Void

    /// Milliseconds already waited before try number `tries` (0-based).
    static func waited(beforeTry tries: Int) -> Int {
        let known = delaysMilliseconds.prefix(tries).reduce(0, +)
        return known + max(0, tries - delaysMilliseconds.count) * delaysMilliseconds.last!
    }

    /// The busy handler: sleeps the next delay and answers whether to try again.
    func retry(afterTries tries: Int) -> Bool {
        let delay = Self.delaysMilliseconds[min(tries, Self.delaysMilliseconds.count - 1)]
        let budget = Int(timeout * 1000) - Self.waited(beforeTry: tries)
        guard budget > 0 else { return false }
        onRetry()
        usleep(UInt32(min(delay, budget)) * 1000)
        return true
    }
}
