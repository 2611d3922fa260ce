// loupe-worker: the FastCGI application server. Parses flags, opens the store, runs master or child.
import ArgumentParser
import FastCGI
import FileStore
import Imaging
import Foundation
import Logging
import LoupeApp
import Monitoring
import Store
import Tensor
import Web

@main
struct LoupeWorker: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loupe-worker",
        abstract: "Loupe's FastCGI worker: a master that pre-starts worker processes on one socket.")

    @Option(help: "Data directory holding loupe.sqlite and run/.")
    var dataDir = ProcessInfo.processInfo.environment["LOUPE_DATA_DIR"] ?? "data"

    @Option(help: ArgumentHelp(stringLiteral: StoreLocation.optionHelp))
    var database: String?

    @Option(help: ArgumentHelp(stringLiteral: ObjectStoreSetting.optionHelp))
    var objectStore: String?

    @Option(help: "FastCGI socket: a unix socket path, or host:port for TCP. Default: <data-dir>/run/worker.sock")
    var listen: String?

    @Option(help: "Number of worker processes (env LOUPE_WORKERS). Default: the number of cores; twice that on PostgreSQL.")
    var workers: Int?

    /// On PostgreSQL a request spends part of its time waiting on the server's socket, so more
    /// processes than cores keep the cores busy; SQLite answers in-process.
    var workerCount: Int {
        if let workers { return workers }
        if let configured = ProcessInfo.processInfo.environment["LOUPE_WORKERS"].flatMap(Int.init), configured > 0 { return configured }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        return StoreLocation.isPostgres(databasePath) ? 2 * cores : cores
    }

    @Option(help: "Largest request body accepted, in bytes.")
    var maxBodyBytes = 256 << 20

    @Option(help: "Write the master's pid here (atomically).")
    var pidFile: String?

    @Option(help: "Refuse images with more pixels than this (checked from the header, before decoding).")
    var maxPixels = Imaging.defaultMaxPixels

    @Option(help: "Over --max-pixels, baseline JPEGs without a rotation (tiled row by row, never decoded whole) may have up to this many pixels.")
    var maxTiledPixels = Imaging.defaultMaxTiledPixels

    @Option(help: "Memory each worker process may spend on loaded models for serving, in MiB (least recently used out first).")
    var modelCacheMb = ModelCache.defaultBudgetBytes >> 20

    @Flag(help: "Mark cookies Secure (when nginx serves HTTPS).")
    var secureCookies = false

    @Option(help: .hidden)
    var childListenFd: Int32?

    var databasePath: String { StoreLocation.resolve(option: database, dataDirectory: dataDir) }

    func run() throws {
        ProcessLogging.bootstrap()
        if let childListenFd {
            try runChild(listenFD: childListenFd)
        } else {
            try runMaster()
        }
    }

    private func runMaster() throws {
        let logger = Logger(label: "loupe.master")
        // Migrate once here, before any child opens the file, so children never race on it.
        _ = try AppDatabase.openShared(path: databasePath)
        try ObjectStoreSetting.resolve(option: objectStore)?.checkAccess()
        let address = listen ?? URL(fileURLWithPath: dataDir).appendingPathComponent("run/worker.sock").path
        try FileManager.default.createDirectory(
            at: URL(fileURLWithPath: address).deletingLastPathComponent(), withIntermediateDirectories: true)
        let fd = try FastCGIListener.open(address)
        // The master tallies what children and the trainer report; children serve it at /metrics.
        let location = MetricsLocation(dataDirectory: URL(fileURLWithPath: dataDir))
        try FileManager.default.createDirectory(
            at: URL(fileURLWithPath: location.socketPath).deletingLastPathComponent(), withIntermediateDirectories: true)
        let inbox = MetricsInbox(location)
        try inbox.start()
        if let pidFile { try writeAtomically(String(getpid()) + "\n", to: pidFile) }
        let master = PreforkMaster(
            listenFD: fd, workerCount: max(1, workerCount), childArguments: childArguments(from: CommandLine.arguments),
            socketPath: address.hasPrefix("/") || address.hasPrefix(".") ? address : nil, logger: logger
        ) { running, restarted in
            if restarted { inbox.workerRestarted() }
            inbox.workersRunning(running)
        }
        let code = master.run()
        if let pidFile { unlink(pidFile) }
        throw ExitCode(code)
    }

    /// A child runs with the master's arguments minus the pid file, plus the inherited socket's fd.
    private func childArguments(from arguments: [String]) -> [String] {
        var result: [String] = []
        var skipNext = false
        for argument in arguments.dropFirst() {
            if skipNext { skipNext = false; continue }
            if argument == "--pid-file" { skipNext = true; continue }
            if argument.hasPrefix("--pid-file=") { continue }
            result.append(argument)
        }
        return result + ["--data-dir", dataDir, "--child-listen-fd", String(PreforkMaster.childListenFD)]
    }

    private func runChild(listenFD: Int32) throws {
        let logger = Logger(label: "loupe.worker")
        let dataDirectory = URL(fileURLWithPath: dataDir)
        // LOUPE_METRICS=off: no events from this child (scripts/bench-http measures their cost with it).
        let reportsMetrics = ProcessInfo.processInfo.environment["LOUPE_METRICS"] != "off"
        let metrics = MetricsReporter(socketPath: reportsMetrics ? MetricsLocation(dataDirectory: dataDirectory).socketPath : nil)
        let database = try AppDatabase.openShared(path: databasePath, lookupConnection: true) { metrics.report(.busyRetry(process: "worker")) }
        Imaging.tuneAllocatorForRepeatedDecodes()
        // Each child runs one request at a time: OpenBLAS threads would only contend with the other children.
        BLAS.threads = 1
        let objects = try ObjectStoreSetting.resolve(option: objectStore)
        let context = AppContext(database: database, dataDirectory: dataDirectory, objects: objects, secureCookies: secureCookies, maxPixels: maxPixels,
                                 maxTiledPixels: maxTiledPixels,
                                 metrics: metrics, modelCacheBytes: max(1, modelCacheMb) << 20)
        context.serving.startBackgroundFlush()
        if let sender = context.makeWebhookSender() {
            sender.startBackground()
        } else if case .failure(let error) = context.webhookKeys {
            logger.error("webhooks will not be sent: \(error)")
        }
        let responder = Responder(router: context.makeRouter()) { request, error in
            logger.error("unhandled error id=\(request.requestID) \(request.method.rawValue) \(request.path): \(error)")
        }
        try FastCGIChild(listenFD: listenFD, maxBodyBytes: maxBodyBytes, logger: logger, respond: responder.respond, served: { served in
            metrics.report(.request(method: served.method, route: served.route, status: served.status, seconds: served.elapsed.seconds))
        }, afterResponse: context.serving.responseSent).run()
        context.serving.flushAndSupervise(final: true)  // what the last moments served
    }

    private func writeAtomically(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
