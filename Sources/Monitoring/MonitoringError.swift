// What can go wrong while setting up metrics.

public enum MonitoringError: Error, CustomStringConvertible {
    case socketPathTooLong(String)
    case socket(String, String)

    public var description: String {
        switch self {
        case .socketPathTooLong(let path): return "the metrics socket path is too long for a unix socket: \(path)"
        case .socket(let path, let reason): return "cannot open the metrics socket \(path): \(reason)"
        }
    }
}
