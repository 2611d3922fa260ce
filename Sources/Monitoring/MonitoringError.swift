// What can go wrong while setting up metrics (and the unix sockets the event process shares).

public enum MonitoringError: Error, CustomStringConvertible {
    case socketPathTooLong(String)
    case socket(String, String)

    public var description: String {
        switch self {
        case .socketPathTooLong(let path): return "the path is too long for a unix socket: \(path)"
        case .socket(let path, let reason): return "cannot open the socket \(path): \(reason)"
        }
    }
}
