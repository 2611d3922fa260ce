// One worker process: accepts FastCGI connections on an inherited socket and answers their requests
// one at a time, keeping a connection open between requests when nginx asks it to.
import CFastCGI
import Foundation
import Glibc
import Logging
import Synchronization
import Web

/// The accept loop of a child. SIGTERM is blocked everywhere except while waiting in `accept`,
/// so a signal can end the wait but never interrupts a request that is being read or answered.
public struct FastCGIChild {
    let listenFD: Int32
    let maxBodyBytes: Int
    let logger: Logger
    let respond: (Request) -> Response
    /// Hears of every answered request, after its last byte is written (for metrics).
    let served: (ServedRequest) -> Void
    /// Runs once the request is finished and the client has its whole answer (work that must not
    /// delay it, such as a shadow model's run).
    let afterResponse: () -> Void

    /// One answered request: the route pattern (`Router.unmatched` when none, `unparsed` when the
    /// request could not be read), the status, and the time from accept to the last byte.
    public struct ServedRequest: Sendable {
        public let method: String
        public let route: String
        public let status: Int
        public let elapsed: Duration
    }

    public init(listenFD: Int32, maxBodyBytes: Int, logger: Logger, respond: @escaping (Request) -> Response,
                served: @escaping (ServedRequest) -> Void = { _ in }, afterResponse: @escaping () -> Void = {}) {
        self.listenFD = listenFD
        self.maxBodyBytes = maxBodyBytes
        self.logger = logger
        self.respond = respond
        self.served = served
        self.afterResponse = afterResponse
    }

    /// Serves until SIGTERM or SIGINT; throws when libfcgi cannot start on `listenFD`.
    public func run() throws {
        let stopSignals = [SIGTERM, SIGINT]
        Signals.block(stopSignals)
        Signals.installShutdownHandler(for: stopSignals)
        signal(SIGPIPE, SIG_IGN)  // a client that went away must not kill the process
        guard FCGX_Init() == 0 else { throw FastCGIError.initFailed }
        let connections = HeldConnections(listenFD: listenFD)
        logger.info("worker \(getpid()) accepting")
        while !shutdownRequested.load(ordering: .relaxed) {
            let next = connections.next { wait in
                Signals.unblock(stopSignals)
                // A signal that arrived just before this point was delivered on unblock and set the flag.
                defer { Signals.block(stopSignals) }
                return shutdownRequested.load(ordering: .relaxed) ? nil : wait()
            }
            switch next {
            case .nothing:
                continue
            case .failed(let code):
                logger.warning("waiting for requests failed: \(String(cString: strerror(code)))")
                usleep(10_000)
            case .request(let fcgi):
                // Reads the request that is there; when nginx closed the connection instead, libfcgi drops it.
                if FCGX_Accept_r(fcgi) >= 0 {
                    serve(fcgi)
                    Self.discardUnreadInput(fcgi)
                    FCGX_Finish_r(fcgi)  // keeps the connection open when nginx asked for that
                    afterResponse()
                }
                connections.settle(fcgi)
            }
        }
        connections.closeAll()
        logger.info("worker \(getpid()) stopped")
    }

    /// Reads what is left of the request's body up to its end record, which libfcgi leaves on a
    /// kept connection: the next request would start with it and fail as a protocol error.
    static func discardUnreadInput(_ fcgi: UnsafeMutablePointer<FCGX_Request>) {
        guard fcgi.pointee.keepConnection != 0, let input = fcgi.pointee.in, FCGX_HasSeenEOF(input) == 0,
              FCGX_GetChar(input) != -1  // usually the end record comes next: no buffer needed
        else { return }
        var scratch = [CChar](repeating: 0, count: 16 << 10)
        while FCGX_GetStr(&scratch, Int32(scratch.count), input) > 0 {}
    }

    /// `1234` µs → `"1.23"`, without `String(format:)`, which is costly on every request.
    static func milliseconds(_ microseconds: Int64) -> String {
        let hundredths = (microseconds + 5) / 10
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// The methods the path answers, for a method the web layer does not know (QUERY, PROPFIND):
    /// no route takes OPTIONS, so the router's 405 to it carries the path's `Allow`.
    private func allowedMethods(_ request: Request) -> String? {
        var probe = request
        probe.method = .OPTIONS
        return respond(probe).header("Allow")
    }

    private func serve(_ fcgi: UnsafeMutablePointer<FCGX_Request>) {
        let started = ContinuousClock.now
        let exchange = FastCGIExchange(fcgi: fcgi.pointee)
        let response: Response
        var request: Request?
        switch exchange.readRequest(maxBodyBytes: maxBodyBytes) {
        case .success(let parsed):
            request = parsed
            response = respond(parsed)
        case .failure(var error):
            let fallback = Request(method: .GET, path: exchange.param("DOCUMENT_URI") ?? "/",
                                   requestID: exchange.param("REQUEST_ID") ?? "")
            if error.status == HTTPStatus.methodNotAllowed, let allow = allowedMethods(fallback) { error.headers["Allow"] = allow }
            response = ErrorRendering.response(for: error, request: fallback)
        }
        if let streamError = exchange.write(response) {
            logger.error("the body of \(exchange.param("DOCUMENT_URI") ?? "-") was cut short: \(streamError)")
        }
        let elapsed = ContinuousClock.now - started
        let microseconds = elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
        let method = request?.method.rawValue ?? exchange.param("REQUEST_METHOD") ?? "-"
        let path = request?.path ?? exchange.param("DOCUMENT_URI") ?? "-"
        let id = request?.requestID ?? exchange.param("REQUEST_ID") ?? "-"
        logger.info("\(method) \(path) \(response.status) \(Self.milliseconds(microseconds))ms id=\(id)")
        // An unreadable request's method is whatever the client sent: not a label value.
        served(ServedRequest(method: request?.method.rawValue ?? "other", route: response.route ?? "unparsed", status: response.status, elapsed: elapsed))
    }
}
