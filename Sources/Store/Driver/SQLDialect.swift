// The few places where SQLite's SQL and PostgreSQL's differ; everything else is written once.
import Foundation

enum SQLDialect: Sendable {
    case sqlite
    case postgres

    /// The values of `expression` over a group, comma-separated (NULL for none).
    func commaList(_ expression: String) -> SQLQuery {
        switch self {
        case .sqlite: SQLQuery(sql: "group_concat(\(expression))")
        case .postgres: SQLQuery(sql: "string_agg((\(expression))::text, ',')")
        }
    }

    /// An integer member of a JSON text column: `json_extract(config, '$.trial')`.
    func jsonInteger(_ column: String, key: String) -> SQLQuery {
        switch self {
        case .sqlite: SQLQuery(sql: "json_extract(\(column), '$.\(key)')")
        case .postgres: SQLQuery(sql: "((\(column))::jsonb ->> '\(key)')::bigint")
        }
    }

    /// A moment as stored text, `seconds` from now by the store's clock: this process's on SQLite (one
    /// machine), the server's on PostgreSQL, so leases written and judged on different hosts agree
    /// without trusting their clocks. `now` (tests) fixes the moment on either store.
    func timestamp(after seconds: TimeInterval = 0, now: Date? = nil) -> SQLQuery {
        if let now { return "\(now + seconds)" }
        switch self {
        case .sqlite:
            return "\(Date() + seconds)"
        case .postgres:
            return "to_char((clock_timestamp() + \(seconds) * interval '1 second') AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS')"
        }
    }

    /// Rows a claim takes are locked, and rows another claimer holds are passed over (PostgreSQL:
    /// trainers on several hosts claim at once; SQLite has one writer, so nothing to add).
    var skipLocked: SQLQuery {
        switch self {
        case .sqlite: ""
        case .postgres: "FOR UPDATE SKIP LOCKED"
        }
    }

    /// Orders text as people expect names ordered (`Bob` beside `bob`). On PostgreSQL such columns
    /// are `citext`, which already compares that way.
    func caseInsensitive(_ column: String) -> SQLQuery {
        switch self {
        case .sqlite: SQLQuery(sql: "\(column) COLLATE NOCASE")
        case .postgres: SQLQuery(sql: "lower(\(column))")
        }
    }
}
