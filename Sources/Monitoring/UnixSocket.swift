// Unix stream sockets at a path, non-blocking: the metrics master and the event process listen on them.
import Glibc

/// A stream rather than datagrams: a datagram queue holds only `net.unix.max_dgram_qlen` messages
/// (10 on many machines), while a stream buffers some 200 KB, so bursts of events are not lost.
public enum UnixSocket {
    static func address(_ path: String) -> sockaddr_un? {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return nil }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        return address
    }

    static let flags = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)

    /// A listening socket at `path`; a stale socket file left there by a killed master is replaced.
    /// `backlog` bounds the connections waiting to be accepted: past it, a connecting process gets EAGAIN.
    public static func listen(at path: String, backlog: Int32 = 64) throws(MonitoringError) -> Int32 {
        guard let address = address(path) else { throw .socketPathTooLong(path) }
        unlink(path)
        return try listeningSocket(family: AF_UNIX, address: address, name: path, backlog: backlog)
    }

    /// A non-blocking socket of `family` bound to `address` and listening (shared with `TCPSocket`).
    static func listeningSocket<Address>(family: Int32, address: Address, name: String, backlog: Int32,
                                         prepare: (Int32) -> Void = { _ in }) throws(MonitoringError) -> Int32 {
        let fd = socket(family, flags | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { throw .socket(name, String(cString: strerror(errno))) }
        prepare(fd)
        var address = address
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<Address>.size)) }
        }
        guard bound == 0, Glibc.listen(fd, backlog) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw .socket(name, reason)
        }
        return fd
    }

    /// A connected (blocking) socket, or nil when nobody listens at `path`.
    public static func connect(to path: String) -> Int32? {
        guard var address = address(path) else { return nil }
        let fd = socket(AF_UNIX, flags, 0)
        guard fd >= 0 else { return nil }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            return nil
        }
        return fd
    }

    /// Every connection waiting on a listening socket, made non-blocking and close-on-exec.
    public static func acceptWaiting(on listener: Int32) -> [Int32] {
        var accepted: [Int32] = []
        while true {
            let fd = accept(listener, nil, nil)
            if fd < 0 && errno == EINTR { continue }
            guard fd >= 0 else { return accepted }
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            accepted.append(fd)
        }
    }
}
