// Where a process finds the store: the same rule for the worker, trainer, events process and CLI.
import Foundation

public enum StoreLocation {
    /// `--database`, else `LOUPE_DATABASE_URL`, else `loupe.sqlite` in the data directory.
    public static func resolve(option: String?, dataDirectory: String,
                               environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let option, !option.isEmpty { return option }
        if let url = environment["LOUPE_DATABASE_URL"], !url.isEmpty { return url }
        return URL(fileURLWithPath: dataDirectory).appendingPathComponent("loupe.sqlite").path
    }

    /// True for a `postgresql://` (or `postgres://`) URL.
    public static func isPostgres(_ location: String) -> Bool { PostgresURL.matches(location) }

    /// The location with any password hidden, for messages and logs.
    public static func redacted(_ location: String) -> String { PostgresURL.redacted(location) }

    /// Help text for the `--database` option every process takes.
    public static let optionHelp = "The store: a postgresql:// URL, or a SQLite file (env LOUPE_DATABASE_URL). Default: <data-dir>/loupe.sqlite."
}
