// Monitoring's threads never take signals: the processes that own them handle signals on their main thread.
import Foundation
import Glibc

extension Thread {
    /// Starts `body` on a named thread that blocks every signal, so a SIGTERM meant for the master's
    /// `sigtimedwait` or a child's accept loop is never delivered here instead.
    public static func startBackground(named name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread {
            var all = sigset_t()
            sigfillset(&all)
            pthread_sigmask(SIG_BLOCK, &all, nil)
            body()
        }
        thread.name = name
        thread.start()
    }
}
