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

    /// The same server and credentials with another database name (tests make one per test).
    static func replacingDatabase(in url: String, with name: String) -> String {
        guard var parts = URLComponents(string: url) else { return url }
        parts.path = "/" + name
        return parts.string ?? url
    }
}
