// loupe-events: serves job event streams (Server-Sent Events) for nginx, outside the request workers.
import ArgumentParser
import Foundation
import Logging
import LoupeApp
import Monitoring
import Events
import Store
import Web

@main
struct LoupeEvents: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loupe-events",
        abstract: "Loupe's event process: many live job streams on one thread, so open job pages never hold a request worker.")

    @Option(help: "Data directory holding loupe.sqlite and run/.")
    var dataDir = ProcessInfo.processInfo.environment["LOUPE_DATA_DIR"] ?? "data"

    @Option(help: ArgumentHelp(stringLiteral: StoreLocation.optionHelp))
    var database: String?

    @Option(help: "Unix socket nginx proxies event streams to, or host:port for TCP (a worker host in a fleet). Default: <data-dir>/run/events.sock")
    var listen: String?

    @Option(help: "Seconds without an event after which a stream gets a heartbeat comment.")
    var heartbeatSeconds: Double = 15

    @Option(help: "Write the process's pid here (atomically).")
    var pidFile: String?

    func run() throws {
        ProcessLogging.bootstrap()
        let logger = Logger(label: "loupe.events")
        let dataDirectory = URL(fileURLWithPath: dataDir)
        let database = try AppDatabase.openShared(path: StoreLocation.resolve(option: database, dataDirectory: dataDir))
        // Access is the worker's own rule for the stream route, run here in-process.
        let responder = Responder(router: AppContext(database: database, dataDirectory: dataDirectory).makeRouter()) { request, error in
            logger.error("access check failed id=\(request.requestID) \(request.path): \(error)")
        }
        raiseOpenFileLimit()
        let socketPath = listen ?? dataDirectory.appendingPathComponent("run/events.sock").path
        let isTCP = TCPSocket.isAddress(socketPath)
        if !isTCP {
            try FileManager.default.createDirectory(
                at: URL(fileURLWithPath: socketPath).deletingLastPathComponent(), withIntermediateDirectories: true)
        }
        // Many job pages may (re)connect at once, say after an nginx reload: a short queue would turn
        // them away with 502 while the loop is busy writing (the kernel caps this at somaxconn).
        let listenFD = isTCP ? try TCPSocket.listen(at: socketPath, backlog: 4096) : try UnixSocket.listen(at: socketPath, backlog: 4096)
        if let pidFile { try Data("\(getpid())\n".utf8).write(to: URL(fileURLWithPath: pidFile), options: .atomic) }
        defer {
            if !isTCP { unlink(socketPath) }
            if let pidFile { unlink(pidFile) }
        }
        logger.info("event process \(getpid()) listening on \(socketPath)")
        try EventServer(listenFD: listenFD, database: database, heartbeat: .milliseconds(Int64(heartbeatSeconds * 1000)), logger: logger,
                        authorize: responder.respond).run()
    }

    /// Each stream is a socket: allow as many as the hard limit does, not the default 1,024.
    private func raiseOpenFileLimit() {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
    }
}
