// One row of a result, read by column name or position, whichever store produced it.
import Foundation

/// The column names of one result, shared by its rows. Names match case-insensitively and the
/// first column of a name wins (`SELECT v.*, m.name AS model_name` keeps `v.id` as `id`).
final class SQLColumns: Sendable {
    let names: [String]
    private let indexByName: [String: Int]

    /// Column names as SQL writes them are lower case already: only the others are lowercased (a
    /// `lowercased()` per column per query was a tenth of an authenticated read's instructions).
    init(_ names: [String]) {
        self.names = names
        var index: [String: Int] = [:]
        index.reserveCapacity(names.count)
        for (position, name) in names.enumerated() {
            let key = name.utf8.contains(where: { (65...90).contains($0) }) ? name.lowercased() : name
            if index[key] == nil { index[key] = position }
        }
        indexByName = index
    }

    func index(of name: String) -> Int? {
        if let position = indexByName[name] { return position }
        return indexByName[name.lowercased()]
    }
}

struct SQLRow: Sendable {
    let columns: SQLColumns
    let values: [SQLValue]

    func value(named name: String) -> SQLValue {
        guard let index = columns.index(of: name) else { preconditionFailure("no column \(name) in \(columns.names)") }
        return values[index]
    }

    /// False when the column is NULL (a LEFT JOIN that found nothing).
    func hasValue(_ name: String) -> Bool {
        if case .null = value(named: name) { return false }
        return true
    }

    func isNull(at index: Int) -> Bool {
        if case .null = values[index] { return true }
        return false
    }

    /// A column the schema never leaves NULL; anything else means the query and the record disagree,
    /// a programming error, as GRDB treated it.
    subscript<Value: SQLDecodable>(_ name: String) -> Value {
        Self.decoded(value(named: name), column: name)
    }

    subscript<Value: SQLDecodable>(_ name: String) -> Value? {
        Self.decodedOptional(value(named: name), column: name)
    }

    subscript<Value: SQLDecodable>(_ index: Int) -> Value {
        Self.decoded(values[index], column: columns.names[index])
    }

    subscript<Value: SQLDecodable>(_ index: Int) -> Value? {
        Self.decodedOptional(values[index], column: columns.names[index])
    }

    private static func decoded<Value: SQLDecodable>(_ value: SQLValue, column: String) -> Value {
        guard let decoded = Value(sqlValue: value) else {
            preconditionFailure("column \(column) holds \(value), not a \(Value.self)")
        }
        return decoded
    }

    private static func decodedOptional<Value: SQLDecodable>(_ value: SQLValue, column: String) -> Value? {
        if case .null = value { return nil }
        return decoded(value, column: column) as Value
    }
}
