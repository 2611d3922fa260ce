// A listening TCP socket, non-blocking: the event process on a worker host in a fleet, which nginx
// on another host reaches over the network (a unix socket is the default on one machine).
import Glibc

public enum TCPSocket {
    /// True for `host:port` (IPv4), as opposed to a socket path.
    public static func isAddress(_ text: String) -> Bool { parse(text) != nil }

    /// A socket listening on `host:port`, e.g. `10.0.0.11:9100` or `0.0.0.0:9100`.
    public static func listen(at text: String, backlog: Int32 = 64) throws(MonitoringError) -> Int32 {
        guard var address = parse(text) else { throw .socket(text, "not an IPv4 host:port") }
        let fd = socket(AF_INET, UnixSocket.flags | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { throw .socket(text, String(cString: strerror(errno))) }
        var on: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, Glibc.listen(fd, backlog) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw .socket(text, reason)
        }
        return fd
    }

    private static func parse(_ text: String) -> sockaddr_in? {
        guard !text.hasPrefix("/"), let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]) else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, String(text[..<colon]), &address.sin_addr) == 1 else { return nil }
        return address
    }
}
