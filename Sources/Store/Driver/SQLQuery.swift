// SQL written once for both stores: text with bound values interpolated, and fragments nested.
import Foundation

/// `"SELECT * FROM labels WHERE id = \(id)"` binds `id`; interpolating another `SQLQuery` nests it
/// (its values stay bound); `\(sql: text)` splices trusted SQL text; a collection becomes
/// `(?, ?, …)` for `IN`. Nothing a caller passes is ever pasted into the text.
struct SQLQuery: Sendable, ExpressibleByStringInterpolation {
    enum Part: Sendable {
        case text(String)
        case value(SQLValue)
    }

    private(set) var parts: [Part] = []

    init(stringLiteral text: String) { parts = [.text(text)] }

    /// Trusted SQL text (a constant, or text Loupe composed from constants).
    init(sql text: String) { parts = [.text(text)] }

    init(stringInterpolation: Interpolation) { parts = stringInterpolation.parts }

    /// `?, ?, …`: the values bound, comma-separated (a row of a multi-row INSERT).
    init(values: [SQLValue]) {
        for (index, value) in values.enumerated() {
            if index > 0 { parts.append(.text(", ")) }
            parts.append(.value(value))
        }
    }

    struct Interpolation: StringInterpolationProtocol {
        var parts: [Part] = []
        init(literalCapacity: Int, interpolationCount: Int) { parts.reserveCapacity(2 * interpolationCount + 1) }
        mutating func appendLiteral(_ literal: String) { if !literal.isEmpty { parts.append(.text(literal)) } }
        mutating func appendInterpolation<Value: SQLBindable>(_ value: Value) { parts.append(.value(value.sqlValue)) }
        /// Spelled out so the compiler knows an optional is meant (nil binds NULL).
        mutating func appendInterpolation<Value: SQLBindable>(_ value: Value?) { parts.append(.value(value?.sqlValue ?? .null)) }
        mutating func appendInterpolation(_ fragment: SQLQuery) { parts += fragment.parts }
        mutating func appendInterpolation(sql text: String) { parts.append(.text(text)) }
        /// `(?, ?, …)`; an empty collection is `(NULL)`, which matches nothing.
        mutating func appendInterpolation<Values: Collection>(_ values: Values) where Values.Element: SQLBindable {
            guard !values.isEmpty else { parts.append(.text("(NULL)")); return }
            parts.append(.text("("))
            for (index, value) in values.enumerated() {
                if index > 0 { parts.append(.text(", ")) }
                parts.append(.value(value.sqlValue))
            }
            parts.append(.text(")"))
        }
    }

    static func + (left: SQLQuery, right: SQLQuery) -> SQLQuery {
        var joined = left
        joined.parts += right.parts
        return joined
    }

    /// The text with each value replaced by `placeholder(n)` (n from 1), and the values in order.
    func rendered(placeholder: (Int) -> String) -> (sql: String, values: [SQLValue]) {
        var sql = ""
        var values: [SQLValue] = []
        for part in parts {
            switch part {
            case .text(let text): sql += text
            case .value(let value):
                values.append(value)
                sql += placeholder(values.count)
            }
        }
        return (sql, values)
    }
}
