// The event process's loop: many job streams on one thread with poll(2), one database read per
// followed job per tick whatever the number of clients, so open job pages never hold a request worker.
import Domain
import Foundation
import Glibc
import Logging
import Monitoring
import Store
import Web

public final class EventServer {
    /// How often followed jobs are read.
    public static let tick: Duration = .milliseconds(500)
    /// A stream ends after this and EventSource reconnects, so access is checked again now and then.
    public static let maxStreamAge: Duration = .seconds(600)
    /// A client that lets this much pile up unread is cut off.
    static let maxBacklog = 1 << 20
    /// A client that sends no whole request head within this is cut off.
    static let headTimeout: Duration = .seconds(10)

    let listenFD: Int32
    let database: any JobEventSource
    /// The router's answer for the stream route: 204 when the caller may follow the job, else the error to send.
    let authorize: (Request) -> Response
    let logger: Logger
    /// A comment line after this long without a write keeps proxies and the browser from timing out.
    let heartbeat: Duration
    private var connections: [Int32: StreamConnection] = [:]
    /// When followed jobs are read next; a new stream brings it forward, so a burst of new streams
    /// shares one read per job.
    private var nextTick = ContinuousClock.now

    public init(listenFD: Int32, database: any JobEventSource, heartbeat: Duration = .seconds(15), logger: Logger,
                authorize: @escaping (Request) -> Response) {
        self.listenFD = listenFD
        self.heartbeat = heartbeat
        self.database = database
        self.logger = logger
        self.authorize = authorize
    }

    /// Runs until SIGTERM or SIGINT; open streams are closed (their clients reconnect elsewhere or later).
    public func run() throws {
        // Blocked, and taken after each wake-up (at least every tick), so SIGTERM stops the loop within one tick.
        var mask = sigset_t()
        sigemptyset(&mask)
        sigaddset(&mask, SIGTERM)
        sigaddset(&mask, SIGINT)
        sigprocmask(SIG_BLOCK, &mask, nil)
        var noWait = timespec(tv_sec: 0, tv_nsec: 0)

        while sigtimedwait(&mask, nil, &noWait) < 0 {
            var fds = [pollfd(fd: listenFD, events: Int16(POLLIN), revents: 0)]
            for connection in connections.values {
                let events = Int16(POLLIN) | (connection.outbound.isEmpty ? 0 : Int16(POLLOUT))
                fds.append(pollfd(fd: connection.fd, events: events, revents: 0))
            }
            let wait = max(0, Int32((nextTick - .now).milliseconds))
            let ready = poll(&fds, nfds_t(fds.count), wait)
            if ready < 0 && errno != EINTR { throw EventServerError.poll(String(cString: strerror(errno))) }
            if fds[0].revents & Int16(POLLIN) != 0 {
                for fd in UnixSocket.acceptWaiting(on: listenFD) { connections[fd] = StreamConnection(fd: fd, now: .now) }
            }
            for entry in fds.dropFirst() where entry.revents != 0 {
                guard let connection = connections[entry.fd] else { continue }
                if entry.revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 { receive(connection) }
            }
            if ContinuousClock.now >= nextTick {
                feedSubscribers()
                nextTick = .now + Self.tick
            }
            for connection in Array(connections.values) { flush(connection) }
        }
        for connection in Array(connections.values) { drop(connection) }
        logger.info("event process stopped")
    }

    // MARK: - Requests

    /// Reads what the client sent: the request head before access is granted, and EOF afterwards.
    private func receive(_ connection: StreamConnection) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(connection.fd, &buffer, buffer.count, 0)
            if count > 0 {
                if connection.jobID == nil && !connection.closing { connection.inbound.append(contentsOf: buffer[..<count]) }
                continue
            }
            if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { break }
            if count < 0 && errno == EINTR { continue }
            return drop(connection)  // EOF or a socket error: the client has gone
        }
        guard connection.jobID == nil, !connection.closing else { return }
        switch HTTPRequestHead.parse(connection.inbound) {
        case .needMore: return
        case .malformed: answer(connection, with: HTTPError(HTTPStatus.badRequest, code: "bad_request", message: "Malformed request."),
                                request: Request(method: .GET, path: "/api/"))
        case .complete(let head): open(connection, head.request)
        }
        connection.inbound = []
    }

    /// Checks access through the router, then either starts the stream or sends the refusal.
    private func open(_ connection: StreamConnection, _ request: Request) {
        guard let jobID = JobEventFrames.jobID(streamPath: request.path) else {
            return answer(connection, with: .notFound("Only job event streams are served here."), request: request)
        }
        guard request.method == .GET else {
            return answer(connection, with: HTTPError(HTTPStatus.methodNotAllowed, code: "method_not_allowed",
                                                      message: "A job's events are read with GET.", headers: ["Allow": "GET"]), request: request)
        }
        let response = authorize(request)
        guard response.status == HTTPStatus.noContent else { return sendWhole(response, to: connection) }
        connection.jobID = jobID
        connection.sentRows = JobEventFrames.resumePoint(request)
        var head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nX-Accel-Buffering: no\r\n"
        if !request.requestID.isEmpty { head += "X-Request-Id: \(request.requestID)\r\n" }
        connection.queue(head + "Connection: close\r\n\r\n" + JobEventFrames.retry)
        nextTick = .now  // its first events go out with this wake-up's read
    }

    private func answer(_ connection: StreamConnection, with error: HTTPError, request: Request) {
        sendWhole(ErrorRendering.response(for: error, request: request), to: connection)
    }

    /// Sends a whole (error) response and closes once it is out.
    private func sendWhole(_ response: Response, to connection: StreamConnection) {
        var head = "HTTP/1.1 \(response.status) \(HTTPStatus.reason(response.status))\r\n"
        for (name, value) in response.headers where name.lowercased() != "content-length" { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(response.body.count)\r\nConnection: close\r\n\r\n"
        connection.queue(head)
        connection.outbound.append(contentsOf: response.body)
        connection.closing = true
    }

    // MARK: - Events

    /// One read per followed job, shared by all its subscribers.
    private func feedSubscribers() {
        let now = ContinuousClock.now
        var byJob: [Int64: [StreamConnection]] = [:]
        for connection in connections.values {
            if connection.jobID == nil {
                if now - connection.opened > Self.headTimeout && !connection.closing { drop(connection) }
                continue
            }
            if connection.closing { continue }
            if now - connection.opened > Self.maxStreamAge {
                connection.closing = true  // EventSource reconnects with Last-Event-ID
                continue
            }
            byJob[connection.jobID!, default: []].append(connection)
        }
        for (jobID, subscribers) in byJob { feed(subscribers, jobID: jobID) }
        for connection in connections.values where connection.jobID != nil && !connection.closing
            && connection.outbound.isEmpty && now - connection.lastWrite >= heartbeat {
            connection.queue(JobEventFrames.heartbeat)
        }
    }

    /// Queues what each subscriber of the job has not seen: new epoch rows, a changed state, the end.
    private func feed(_ subscribers: [StreamConnection], jobID: Int64) {
        do {
            guard let job = try database.job(id: jobID) else {
                for connection in subscribers { connection.queue(JobEventFrames.end); connection.closing = true }
                return
            }
            let from = subscribers.map(\.sentRows).min() ?? 0
            let rows = try database.jobMetrics(jobID: jobID, after: from)
            let frames = try rows.enumerated().map { try JobEventFrames.epoch(id: from + $0.offset + 1, $0.element) }
            let state = try JobEventFrames.state(of: job)
            for connection in subscribers {
                for frame in frames.dropFirst(connection.sentRows - from) { connection.queue(frame) }
                connection.sentRows = max(connection.sentRows, from + frames.count)
                if state != connection.lastState {
                    connection.queue(state)
                    connection.lastState = state
                }
                if job.state.isFinished {
                    connection.queue(JobEventFrames.end)
                    connection.closing = true
                }
            }
        } catch {
            // A busy or briefly unavailable database: the next tick tries again.
            logger.warning("reading job \(jobID) for its streams failed: \(error)")
        }
    }

    // MARK: - Sockets

    /// Writes what the socket takes now; closes finished and hopelessly slow clients.
    private func flush(_ connection: StreamConnection) {
        while !connection.outbound.isEmpty {
            let written = connection.outbound.withUnsafeBytes { Glibc.send(connection.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written > 0 {
                connection.outbound.removeFirst(written)
                connection.lastWrite = .now
                continue
            }
            if written < 0 && errno == EINTR { continue }
            if written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { break }
            return drop(connection)
        }
        if connection.outbound.count > Self.maxBacklog { return drop(connection) }
        if connection.outbound.isEmpty && connection.closing { drop(connection) }
    }

    private func drop(_ connection: StreamConnection) {
        guard connections.removeValue(forKey: connection.fd) != nil else { return }
        close(connection.fd)
    }
}

public enum EventServerError: Error, CustomStringConvertible {
    case poll(String)

    public var description: String {
        switch self {
        case .poll(let reason): "poll failed: \(reason)"
        }
    }
}

extension Duration {
    var milliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
}
