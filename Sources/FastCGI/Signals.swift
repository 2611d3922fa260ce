// Signal plumbing for the worker processes: a flag set from a handler, and mask helpers.
import Glibc
import Synchronization

/// Set by the SIGTERM/SIGINT handler of a child; the accept loop checks it between requests.
let shutdownRequested = Atomic<Bool>(false)

enum Signals {
    static func set(_ signals: [Int32]) -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals { sigaddset(&set, signal) }
        return set
    }

    static func block(_ signals: [Int32]) {
        var set = set(signals)
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    static func unblock(_ signals: [Int32]) {
        var set = set(signals)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// Installs a handler without SA_RESTART so a blocked `accept` returns EINTR.
    static func installShutdownHandler(for signals: [Int32]) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in shutdownRequested.store(true, ordering: .relaxed) }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        for signal in signals { sigaction(signal, &action, nil) }
    }
}
