// A listening TCP socket, non-blocking: the event process on a worker host in a fleet, which nginx
// on another host reaches over the network (a unix socket is the default on one machine).
import Glibc

public enum TCPSocket {
    /// True for `host:port` (IPv4), as opposed to a socket path.
    public static func isAddress(_ text: String) -> Bool { parse(text) != nil }

    /// A socket listening on `host:port`, e.g. `10.0.0.11:9100` or `0.0.0.0:9100`.
    public static func listen(at text: String, backlog: Int32 = 64) throws(MonitoringError) -> Int32 {
        guard let address = parse(text) else { throw .socket(text, "not an IPv4 host:port") }
        return try UnixSocket.listeningSocket(family: AF_INET, address: address, name: text, backlog: backlog) { fd in
            var on: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        }
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
