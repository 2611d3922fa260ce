// The sending side: worker children and the trainer report events to the master over a unix socket.
import Foundation
import Glibc

/// `report` never waits on the socket: it appends a line to a buffer, and a thread of the reporter's
/// own writes the buffer out in batches, at most every 50 ms, so a busy worker makes a few writes a
/// second instead of one (and a thread wake-up) per request. What cannot be delivered (no master, or
/// one so far behind that the buffer passes 1 MB) is counted and announced once a master reads
/// again, so lost events show as `loupe_metrics_events_dropped_total`, not as silence.
public final class MetricsReporter: @unchecked Sendable {  // the mutable state is guarded by `condition`
    private let socketPath: String?
    private let condition = NSCondition()
    private var pending: [UInt8] = []
    private var dropped = 0
    private var writerStarted = false
    static let pendingLimit = 1 << 20
    static let batchInterval: useconds_t = 50_000

    /// Reports go to the master listening at `socketPath` (see `MetricsInbox`); nothing is sent when it is nil.
    public init(socketPath: String?) {
        self.socketPath = socketPath
    }

    /// A reporter that sends nothing, for tests and tools.
    public static let disabled = MetricsReporter(socketPath: nil)

    public func report(_ event: MetricEvent) {
        guard let socketPath else { return }
        condition.lock()
        defer { condition.unlock() }
        let wasEmpty = pending.isEmpty
        if pending.count > Self.pendingLimit {
            dropped += 1
        } else {
            pending.append(contentsOf: event.line.utf8)
            pending.append(UInt8(ascii: "\n"))
        }
        if !writerStarted {
            writerStarted = true
            Thread.startBackground(named: "metrics-reporter") { [self] in writeForever(to: socketPath) }
        }
        if wasEmpty { condition.signal() }  // the writer sleeps only while there is nothing to send
    }

    /// Events lost so far and not yet announced (for tests).
    var undeliveredCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return dropped
    }

    private func writeForever(to socketPath: String) -> Never {
        var fd: Int32 = -1
        while true {
            condition.lock()
            while pending.isEmpty && (dropped == 0 || fd < 0) { condition.wait() }
            condition.unlock()
            usleep(Self.batchInterval)  // let the batch fill
            condition.lock()
            var batch = pending
            pending.removeAll(keepingCapacity: true)
            if fd >= 0 && dropped > 0 {
                batch += Array(MetricEvent.dropped(count: dropped).line.utf8) + [UInt8(ascii: "\n")]
                dropped = 0
            }
            condition.unlock()

            if fd < 0 { fd = UnixSocket.connect(to: socketPath) ?? -1 }
            if fd >= 0, Self.sendAll(batch, on: fd) { continue }
            // No master, or it went away: these events are lost; a later batch tries to connect again.
            if fd >= 0 { close(fd) }
            fd = -1
            let lines = batch.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            condition.lock()
            dropped += lines
            condition.unlock()
        }
    }

    private static func sendAll(_ bytes: [UInt8], on fd: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0 && errno == EINTR { continue }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }
}
