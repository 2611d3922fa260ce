// Recognising and redacting PostgreSQL connection URLs.
import Foundation

enum PostgresURL {
    static func matches(_ location: String) -> Bool {
        location.hasPrefix("postgresql://") || location.hasPrefix("postgres://")
    }

    /// The URL with its password replaced, fit for logs and error messages.
    static func redacted(_ location: String) -> String {
        guard matches(location), var parts = URLComponents(string: location), parts.password != nil else { return location }
        parts.password = "***"
        return parts.string ?? location
    }

    /// `text` with the password of any postgresql:// URL in it hidden.
    static func redactingPasswords(in text: String) -> String {
        text.replacingOccurrences(of: #"(postgres(?:ql)?://[^:/@\s]+:)[^@\s]+@"#, with: "$1***@", options: .regularExpression)
    }

    /// libpq waits on a silent network for as long as TCP does (minutes, or hours when idle). Unless
    /// the URL says otherwise: connecting gives up after 5 s, unacknowledged data after 15 s
    /// (`tcp_user_timeout`), an idle connection whose peer vanished is noticed within ~15 s (keepalives).
    /// A host cut off from the database then fails its statements with `unavailable` instead of hanging.
    /// And the server ends a transaction left idle for 60 s (its client cut off mid-transaction), so the
    /// rows it locked (a job's, say) are free for the other hosts.
    static func withNetworkTimeouts(_ url: String) -> String {
        guard matches(url) else { return url }
        let defaults = [("connect_timeout", "5"), ("tcp_user_timeout", "15000"), ("keepalives_idle", "5"),
                        ("keepalives_interval", "3"), ("keepalives_count", "3"),
                        ("options", "-c%20idle_in_transaction_session_timeout%3D60000")]
        let missing = defaults.filter { !url.contains("\($0.0)=") }.map { "\($0.0)=\($0.1)" }
        guard !missing.isEmpty else { return url }
        return url + (url.contains("?") ? "&" : "?") + missing.joined(separator: "&")
    }

    /// The same server and credentials with another database name (tests make one per test).
    static func replacingDatabase(in url: String, with name: String) -> String {
        guard var parts = URLComponents(string: url) else { return url }
        parts.path = "/" + name
        return parts.string ?? url
    }
}
