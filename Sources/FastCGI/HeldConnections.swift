// The FastCGI connections one child holds open, and the wait for the next thing to do on them.
import CFastCGI
import Glibc

/// nginx keeps connections to the worker open between requests (`fastcgi_keep_conn`) and sends a
/// request on whichever of its idle ones it picks. A child therefore waits on its listening socket
/// and on every connection it holds at once: it never sits on one idle connection while a request
/// waits on another, or while a new connection waits to be accepted, so no number of nginx workers,
/// pool sizes or clients can leave a request waiting on an idle child. A request does wait while
/// the child holding its connection answers another one (nginx reuses the connection it freed
/// last, which is the one least likely to be busy).
final class HeldConnections {
    private let listenFD: Int32
    /// One libfcgi request per connection, at a fixed address: libfcgi's streams point back at it.
    private var held: [UnsafeMutablePointer<FCGX_Request>] = []
    private var descriptors: [pollfd] = []
    /// Where the search for a ready connection starts, moved on each time so none is favoured.
    private var turn = 0

    enum Next {
        /// A request is ready to be read on this connection.
        case request(UnsafeMutablePointer<FCGX_Request>)
        /// The wait was interrupted (a signal) or found nothing yet; check the stop flag and wait again.
        case nothing
        case failed(errno: Int32)
    }

    /// Makes the shared listening socket non-blocking: every idle child wakes for a new
    /// connection, one accepts it, and the others must not then block in `accept`.
    init(listenFD: Int32) {
        self.listenFD = listenFD
        _ = fcntl(listenFD, F_SETFL, fcntl(listenFD, F_GETFL) | O_NONBLOCK)
    }

    deinit { closeAll() }

    /// Waits for a new connection or a request on a held one, `whileWaiting` running the wait (to let
    /// stop signals in; nil when it declines to wait). A new connection is taken first; its request
    /// comes on a later turn.
    func next(whileWaiting: (() -> Int32) -> Int32?) -> Next {
        descriptors.removeAll(keepingCapacity: true)
        descriptors.append(pollfd(fd: listenFD, events: Int16(POLLIN), revents: 0))
        for request in held { descriptors.append(pollfd(fd: request.pointee.ipcFd, events: Int16(POLLIN), revents: 0)) }
        guard let count = whileWaiting({ poll(&self.descriptors, nfds_t(self.descriptors.count), -1) }) else { return .nothing }
        if count < 0 { return errno == EINTR ? .nothing : .failed(errno: errno) }
        if descriptors[0].revents != 0 { acceptOne() }
        guard !held.isEmpty else { return .nothing }
        for step in 0..<held.count {
            let index = (turn + step) % held.count
            // `held` may have grown since the poll; only connections it looked at can be ready.
            guard index + 1 < descriptors.count, descriptors[index + 1].revents != 0 else { continue }
            turn = index + 1
            return .request(held[index])
        }
        return .nothing
    }

    /// After a request (or a failed read): forgets the connection if libfcgi closed it.
    func settle(_ request: UnsafeMutablePointer<FCGX_Request>) {
        guard request.pointee.ipcFd < 0, let index = held.firstIndex(of: request) else { return }
        held.remove(at: index)
        FCGX_Free(request, 1)
        request.deallocate()
    }

    /// Closes every held connection; nginx sees them close and drops them from its pool.
    func closeAll() {
        for request in held {
            FCGX_Free(request, 1)
            request.deallocate()
        }
        held.removeAll()
    }

    /// Takes one waiting connection: the other children woken with this one take the next ones,
    /// so a burst of new connections is spread over every idle child rather than held by the first.
    private func acceptOne() {
        let connection = accept(listenFD, nil, nil)
        guard connection >= 0 else { return }  // EAGAIN: another child took it
        let request = UnsafeMutablePointer<FCGX_Request>.allocate(capacity: 1)
        request.initialize(to: FCGX_Request())
        FCGX_InitRequest(request, listenFD, 0)
        request.pointee.ipcFd = connection
        // FCGX_Accept_r first finishes the "previous" request and closes its connection unless it was
        // kept: this one must survive that. The request's own flag then says whether it stays open.
        request.pointee.keepConnection = 1
        held.append(request)
    }
}
