// The rule that slows password guessing: too many recent failures for one account or one address.
import Foundation

public struct LoginThrottle: Sendable {
    public var window: TimeInterval = 15 * 60
    public var maxFailuresPerAccount = 5
    public var maxFailuresPerAddress = 20

    public init() {}

    /// Seconds to wait before another attempt is accepted, or nil when it may go ahead.
    /// `accountFailures`/`addressFailures` are failure times inside the window, oldest first.
    public func retryAfter(accountFailures: [Date], addressFailures: [Date], now: Date) -> Int? {
        func wait(_ failures: [Date], limit: Int) -> TimeInterval? {
            guard failures.count >= limit else { return nil }
            // The attempt frees up when enough of the oldest failures have left the window.
            let freeing = failures[failures.count - limit]
            return max(1, freeing.addingTimeInterval(window).timeIntervalSince(now))
        }
        let waits = [wait(accountFailures, limit: maxFailuresPerAccount), wait(addressFailures, limit: maxFailuresPerAddress)]
        return waits.compactMap { $0 }.max().map { Int($0.rounded(.up)) }
    }
}
