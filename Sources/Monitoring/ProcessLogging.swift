// Every Loupe process logs the same way: to standard error, at LOUPE_LOG_LEVEL (default info).
import Foundation
import Logging

public enum ProcessLogging {
    /// Call once, first thing in `main`.
    public static func bootstrap() {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = Logger.Level(rawValue: ProcessInfo.processInfo.environment["LOUPE_LOG_LEVEL"] ?? "") ?? .info
            return handler
        }
    }
}
