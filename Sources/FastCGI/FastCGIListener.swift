// Opening the FastCGI listening socket the children share: a unix socket path or host:port.
import CFastCGI
import Foundation
import Glibc

public enum FastCGIListener {
    /// Opens `address` (`/path/to.sock`, `127.0.0.1:9000` or `:9000`). A unix socket is made
    /// group-writable so an nginx running under a service group can connect.
    public static func open(_ address: String, backlog: Int32 = 1024) throws -> Int32 {
        guard FCGX_Init() == 0 else { throw FastCGIError.initFailed }
        let isUnix = address.hasPrefix("/") || address.hasPrefix(".")
        if isUnix { unlink(address) }  // a stale socket from a crashed run would make bind fail
        let fd = FCGX_OpenSocket(address, backlog)
        guard fd >= 0 else { throw FastCGIError.cannotListen(address: address, reason: String(cString: strerror(errno))) }
        if isUnix { chmod(address, 0o660) }
        return fd
    }
}

public enum FastCGIError: Error, CustomStringConvertible {
    case initFailed
    case cannotListen(address: String, reason: String)
    case cannotSpawn(reason: String)

    public var description: String {
        switch self {
        case .initFailed: "libfcgi failed to initialise"
        case .cannotListen(let address, let reason): "cannot listen on \(address): \(reason)"
        case .cannotSpawn(let reason): "cannot start a worker process: \(reason)"
        }
    }
}
