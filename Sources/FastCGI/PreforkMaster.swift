// The master process: starts N children on one socket, replaces any that die, drains them on SIGTERM.
import Foundation
import Glibc
import Logging

/// Children are this same executable started again with the listening socket as fd 3 (re-executing
/// instead of `fork()` because forking a process that may already run runtime threads is unsafe).
public final class PreforkMaster {
    let listenFD: Int32
    let workerCount: Int
    let childArguments: [String]
    let logger: Logger
    /// How long in-flight requests get to finish after SIGTERM before children are killed.
    let gracePeriod: Duration
    let socketPath: String?
    /// Hears how many children run after each start, and of each restart (for metrics).
    let childrenChanged: (_ running: Int, _ restarted: Bool) -> Void

    private var children: [pid_t: ContinuousClock.Instant] = [:]
    private var pendingSpawns: [ContinuousClock.Instant] = []
    public private(set) var restarts = 0

    public static let childListenFD: Int32 = 3

    /// This binary's real path, so `ps` shows children by name (spawning `/proc/self/exe` shows `exe`).
    static let executablePath: String = {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        return length > 0 ? String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self) : "/proc/self/exe"
    }()

    public init(listenFD: Int32, workerCount: Int, childArguments: [String], socketPath: String?,
                gracePeriod: Duration = .seconds(30), logger: Logger,
                childrenChanged: @escaping (_ running: Int, _ restarted: Bool) -> Void = { _, _ in }) {
        self.listenFD = listenFD
        self.workerCount = workerCount
        self.childArguments = childArguments
        self.socketPath = socketPath
        self.gracePeriod = gracePeriod
        self.logger = logger
        self.childrenChanged = childrenChanged
    }

    /// Runs until SIGTERM/SIGINT and every child has exited. Returns the process exit code.
    public func run() -> Int32 {
        let handled = [SIGTERM, SIGINT, SIGCHLD]
        Signals.block(handled)  // taken synchronously with sigtimedwait below
        var waitSet = Signals.set(handled)
        for _ in 0..<workerCount { spawnOrRetry() }
        logger.info("master \(getpid()) started \(workerCount) workers")

        var stopping = false
        var deadline = ContinuousClock.now
        while true {
            var timeout = timespec(tv_sec: 0, tv_nsec: 250_000_000)
            let signal = sigtimedwait(&waitSet, nil, &timeout)
            if (signal == SIGTERM || signal == SIGINT) && !stopping {
                stopping = true
                deadline = .now + gracePeriod
                pendingSpawns.removeAll()
                logger.info("master stopping: letting \(children.count) workers finish their requests")
            }
            reapChildren(respawn: !stopping)
            if stopping {
                if children.isEmpty { break }
                // Resent each turn: a child between its flag check and accept() may have missed the first.
                let force = ContinuousClock.now > deadline
                for pid in children.keys { kill(pid, force ? SIGKILL : SIGTERM) }
            } else {
                let now = ContinuousClock.now
                let due = pendingSpawns.filter { $0 <= now }
                pendingSpawns.removeAll { $0 <= now }
                for _ in due { spawnOrRetry() }
            }
        }
        close(listenFD)
        if let socketPath { unlink(socketPath) }
        logger.info("master stopped")
        return 0
    }

    private func reapChildren(respawn: Bool) {
        var status: Int32 = 0
        while true {
            let pid = waitpid(-1, &status, WNOHANG)
            guard pid > 0 else { return }
            guard let started = children.removeValue(forKey: pid) else { continue }
            guard respawn else { continue }
            restarts += 1
            childrenChanged(children.count, true)
            let how = (status & 0x7f) == 0 ? "exited with \((status >> 8) & 0xff)" : "killed by signal \(status & 0x7f)"
            logger.warning("worker \(pid) \(how); starting a replacement (restart #\(restarts))")
            // A child that dies at once would otherwise be restarted in a tight loop.
            let livedLongEnough = ContinuousClock.now - started > .seconds(1)
            pendingSpawns.append(livedLongEnough ? .now : .now + .seconds(1))
        }
    }

    private func spawnOrRetry() {
        do {
            let pid = try spawnChild()
            children[pid] = .now
            childrenChanged(children.count, false)
        } catch {
            logger.error("\(error); retrying in 1 s")
            pendingSpawns.append(.now + .seconds(1))
        }
    }

    private func spawnChild() throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Moved above fd 3 first so the dup2 below always clears close-on-exec.
        let high = fcntl(listenFD, F_DUPFD_CLOEXEC, 10)
        guard high >= 0 else { throw FastCGIError.cannotSpawn(reason: String(cString: strerror(errno))) }
        defer { close(high) }
        posix_spawn_file_actions_adddup2(&actions, high, Self.childListenFD)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var mask = Signals.set([SIGTERM, SIGINT])  // the child unblocks these only around accept
        posix_spawnattr_setsigmask(&attributes, &mask)
        var defaults = Signals.set([SIGCHLD, SIGPIPE, SIGHUP])
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let executable = Self.executablePath
        let argv = ([CommandLine.arguments[0]] + childArguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard rc == 0 else { throw FastCGIError.cannotSpawn(reason: String(cString: strerror(rc))) }
        return pid
    }
}
