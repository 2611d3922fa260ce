// Why an outbound request was not made, or failed.

public enum OutboundError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidURL(String)
    case unresolvable(host: String, reason: String)
    /// The host resolves to an address requests may not reach (loopback, private, …).
    case refusedAddress(host: String, address: String, restriction: String)
    /// libcurl's own failure: could not connect, timed out, TLS, …
    case transfer(String)

    public var description: String {
        switch self {
        case .invalidURL(let why): why
        case .unresolvable(let host, let reason): "\(host) does not resolve: \(reason)"
        case .refusedAddress(let host, let address, let restriction):
            "\(host) resolves to \(address), a \(restriction) address; webhooks go there only when an admin allows private targets"
        case .transfer(let why): why
        }
    }
}
