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

    /// Orders text as people expect names ordered (`Bob` beside `bob`). On PostgreSQL such columns
    /// are `citext`, which already compares that way.
    func caseInsensitive(_ column: String) -> SQLQuery {
        switch self {
        case .sqlite: SQLQuery(sql: "\(column) COLLATE NOCASE")
        case .postgres: SQLQuery(sql: "lower(\(column))")
        }
    }
}
