// Where an outbound request may go: a host's addresses are resolved and each is checked, so a webhook
// cannot be pointed at this machine or the private network behind it (unless an admin allowed that).
import Foundation
import Glibc

public enum AddressGuard {
    /// A resolved address, as text, and what kind of network it is on.
    public struct Address: Equatable, Sendable {
        public let text: String
        /// nil: a public address; otherwise why it is not ("loopback", "private", …).
        public let restriction: String?
    }

    /// The host's addresses (IPv4 and IPv6), or a `OutboundError.unresolvable`.
    public static func resolve(_ host: String) throws -> [Address] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var found: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &found)
        guard status == 0, let first = found else { throw OutboundError.unresolvable(host: host, reason: String(cString: gai_strerror(status))) }
        defer { freeaddrinfo(first) }
        var addresses: [Address] = []
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let current = node {
            if let text = numericText(current.pointee.ai_addr, length: current.pointee.ai_addrlen),
               !addresses.contains(where: { $0.text == text }) {
                addresses.append(Address(text: text, restriction: restriction(of: text)))
            }
            node = current.pointee.ai_next
        }
        guard !addresses.isEmpty else { throw OutboundError.unresolvable(host: host, reason: "no addresses") }
        return addresses
    }

    /// Why an address is not a public one, or nil when it is.
    public static func restriction(of text: String) -> String? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            let a = [UInt8](withUnsafeBytes(of: v4.s_addr) { Array($0) })
            switch (a[0], a[1]) {
            case (127, _): return "loopback"
            case (10, _), (172, 16...31), (192, 168): return "private"
            case (169, 254): return "link-local"
            case (100, 64...127): return "shared (carrier-grade NAT)"
            case (0, _): return "unspecified"
            case (224...255, _): return "multicast or reserved"
            default: return nil
            }
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return "not an IP address" }
        let b = [UInt8](withUnsafeBytes(of: v6) { Array($0) })
        if b[0..<15].allSatisfy({ $0 == 0 }) { return b[15] == 1 ? "loopback" : "unspecified" }
        if b[0..<10].allSatisfy({ $0 == 0 }), b[10] == 0xFF, b[11] == 0xFF {  // IPv4-mapped: judge the IPv4 address
            return restriction(of: "\(b[12]).\(b[13]).\(b[14]).\(b[15])")
        }
        if b[0] & 0xFE == 0xFC { return "private (unique local)" }
        if b[0] == 0xFE, b[1] & 0xC0 == 0x80 { return "link-local" }
        if b[0] == 0xFF { return "multicast" }
        return nil
    }

    private static func numericText(_ address: UnsafeMutablePointer<sockaddr>?, length: socklen_t) -> String? {
        guard let address else { return nil }
        var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        guard getnameinfo(address, length, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 else { return nil }
        return text(of: buffer)
    }

    /// A NUL-terminated C buffer as text.
    static func text(of buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
