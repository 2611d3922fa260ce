// The master's side: a thread that reads reported events into the tally and keeps the text file fresh.
import Foundation
import Glibc
import Synchronization

/// Each reporting process holds one connection and writes one line per event. Worker children
/// answer `/metrics` by reading `exposition` (written here atomically, at most ten
/// times a second and only after a change), so a scrape sees what every child and the trainer
/// reported up to ~0.1 s before. Runs on its own thread so the master's signal loop stays as it is.
public final class MetricsInbox: Sendable {
    public let tally = MetricsTally()
    public let socketPath: String
    public let expositionPath: String
    private let changes = Atomic<Int>(1)
    static let minimumWriteInterval: Duration = .milliseconds(100)

    public init(_ location: MetricsLocation) {
        socketPath = location.socketPath
        expositionPath = location.expositionPath
    }

    /// Listens on the socket and starts reading; throws when the socket cannot be made.
    public func start() throws(MonitoringError) {
        let listener = try UnixSocket.listen(at: socketPath)
        Thread.startBackground(named: "metrics-inbox") { [self] in self.run(listener: listener) }
    }

    public func workerRestarted() {
        tally.workerRestarted()
        changes.add(1, ordering: .relaxed)
    }

    public func workersRunning(_ count: Int) {
        tally.workersRunning(count)
        changes.add(1, ordering: .relaxed)
    }

    private func run(listener: Int32) -> Never {
        var readers: [Int32: LineReader] = [:]
        var written = 0
        var lastWrite = ContinuousClock.now - Self.minimumWriteInterval
        while true {
            let pending = changes.load(ordering: .relaxed) != written
            let wait = pending ? max(.zero, lastWrite + Self.minimumWriteInterval - .now) : .seconds(1)
            var polled = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0)]
                + readers.keys.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            _ = poll(&polled, nfds_t(polled.count), Int32((wait.seconds * 1000).rounded(.up)))
            for entry in polled where entry.revents != 0 {
                if entry.fd == listener {
                    for fd in UnixSocket.acceptWaiting(on: listener) { readers[fd] = LineReader() }
                } else if readers[entry.fd]?.read(from: entry.fd, into: record) == false {
                    close(entry.fd)
                    readers[entry.fd] = nil
                }
            }
            let now = ContinuousClock.now
            let current = changes.load(ordering: .relaxed)
            if current != written, now - lastWrite >= Self.minimumWriteInterval {
                writeExposition()
                written = current
                lastWrite = now
            }
        }
    }

    private func record(_ line: Substring) {
        guard let event = MetricEvent(line: line) else { return }
        tally.record(event)
        changes.add(1, ordering: .relaxed)
    }

    /// Atomic, so a scrape never reads half a file.
    private func writeExposition() {
        try? Data(tally.exposition()).write(to: URL(fileURLWithPath: expositionPath), options: .atomic)
    }
}
