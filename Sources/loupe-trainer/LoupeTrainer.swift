// loupe-trainer: the background process that runs training jobs from the store's queue.
import ArgumentParser
import FileStore
import Foundation
import Imaging
import Logging
import Monitoring
import Store
import Tensor
import Training

/// Set by SIGTERM and SIGINT (a C signal handler can only reach globals).
let shutdownFlag = ShutdownFlag()

@main
struct LoupeTrainer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loupe-trainer",
        abstract: "Loupe's trainer: claims queued jobs, trains, registers model versions.")

    @Option(help: "Data directory holding loupe.sqlite.")
    var dataDir = ProcessInfo.processInfo.environment["LOUPE_DATA_DIR"] ?? "data"

    @Option(help: ArgumentHelp(stringLiteral: StoreLocation.optionHelp))
    var database: String?

    @Option(help: "Seconds a claimed job stays ours without a heartbeat; after that another trainer may recover it.")
    var leaseSeconds: Double = 30

    @Option(help: "Seconds between looks at an empty queue.")
    var pollSeconds: Double = 1

    @Option(help: ArgumentHelp(stringLiteral: ObjectStoreSetting.optionHelp))
    var objectStore: String?

    @Option(help: "Write the trainer's pid here (atomically).")
    var pidFile: String?

    func run() throws {
        ProcessLogging.bootstrap()
        let logger = Logger(label: "loupe.trainer")
        let dataDirectory = URL(fileURLWithPath: dataDir)
        // The trainer serves no endpoint: it reports to the worker master, whose tally /metrics serves.
        let metrics = MetricsReporter(socketPath: MetricsLocation(dataDirectory: dataDirectory).socketPath)
        let database = try AppDatabase.openShared(path: StoreLocation.resolve(option: database, dataDirectory: dataDir)) {
            metrics.report(.busyRetry(process: "trainer"))
        }
        let objects = try ObjectStoreSetting.resolve(option: objectStore)
        try objects?.checkAccess()
        BLAS.configureThreadsFromEnvironment()
        // Decodes and activations reuse freed buffers instead of faulting in fresh pages each step.
        Imaging.tuneAllocatorForRepeatedDecodes()
        signal(SIGTERM) { _ in shutdownFlag.set() }
        signal(SIGINT) { _ in shutdownFlag.set() }
        if let pidFile { try Data("\(getpid())\n".utf8).write(to: URL(fileURLWithPath: pidFile), options: .atomic) }
        defer { if let pidFile { unlink(pidFile) } }
        let owner = TrainerIdentity().owner
        TrainerService(database: database, dataDirectory: dataDirectory, objects: objects,
                       settings: .init(owner: owner, leaseSeconds: leaseSeconds, pollSeconds: pollSeconds),
                       shutdown: shutdownFlag, logger: logger, metrics: metrics).run()
    }
}
