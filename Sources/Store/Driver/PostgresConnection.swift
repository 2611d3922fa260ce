// One libpq connection seen through the store's seam: statements prepared once per connection,
// values sent as text and typed by the server, rows read in text and typed by their column.
import Foundation
internal import CLibPQ

/// `@unchecked Sendable`: one thread uses it at a time, handed over through the backend's idle list.
final class PostgresConnection: StoreConnection, @unchecked Sendable {
    private let connection: OpaquePointer
    /// SQL text → the name it was prepared under, and its result's columns once seen (a statement's
    /// columns never change, so their name index is built once).
    private var prepared: [String: (name: String, columns: SQLColumns?)] = [:]
    private(set) var changesCount = 0

    /// Connects, or throws `StoreError.unavailable` saying why (wrong host, password, database…).
    init(url: String) throws {
        guard let connection = PQconnectdb(PostgresURL.withNetworkTimeouts(url)) else { throw StoreError.unavailable("libpq could not allocate a connection") }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Self.trimmed(PQerrorMessage(connection))
            PQfinish(connection)
            throw StoreError.unavailable(message)
        }
        // NOTICEs (an IF NOT EXISTS that found the table, say) are not errors: keep them off stderr.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        self.connection = connection
    }

    deinit { PQfinish(connection) }

    var dialect: SQLDialect { .postgres }

    /// False once the server has gone (a restart, a network cut): the connection is thrown away.
    var isUsable: Bool { PQstatus(connection) == CONNECTION_OK }

    // MARK: - Statements

    func execute(_ query: SQLQuery) throws {
        let (result, _) = try runReturningSQL(query)
        changesCount = Int(String(cString: PQcmdTuples(result))) ?? 0
        PQclear(result)
    }

    func fetchAll(_ query: SQLQuery) throws -> [SQLRow] {
        let (result, sql) = try runReturningSQL(query)
        defer { PQclear(result) }
        let columns = columns(of: result, sql: sql)
        return (0..<PQntuples(result)).map { SQLRow(columns: columns, values: Self.values(of: result, row: $0)) }
    }

    func fetchOne(_ query: SQLQuery) throws -> SQLRow? {
        let (result, sql) = try runReturningSQL(query)
        defer { PQclear(result) }
        guard PQntuples(result) > 0 else { return nil }
        return SQLRow(columns: columns(of: result, sql: sql), values: Self.values(of: result, row: 0))
    }

    /// The result's column names, from the statement's cache when it was prepared.
    private func columns(of result: OpaquePointer, sql: String) -> SQLColumns {
        if let cached = prepared[sql]?.columns { return cached }
        let columns = Self.columnNames(of: result)
        if let known = prepared[sql] { prepared[sql] = (known.name, columns) }
        return columns
    }

    /// Single-row mode: the server streams the rows and libpq hands them over one at a time, so an
    /// export of a million shapes never sits in memory whole.
    func forEachRow(_ query: SQLQuery, _ body: (SQLRow) throws -> Void) throws {
        let (sql, values) = query.rendered { "$\($0)" }
        let name = try statementName(for: sql)
        let sent = Self.withCStrings(values.map(\.postgresText)) { parameters in
            PQsendQueryPrepared(connection, name, Int32(parameters.count), parameters, nil, nil, 0)
        }
        guard sent == 1 else { throw failure(nil, sql: sql) }
        PQsetSingleRowMode(connection)
        var columns: SQLColumns?
        var firstError: Error?
        while let result = PQgetResult(connection) {
            defer { PQclear(result) }
            switch PQresultStatus(result) {
            case PGRES_SINGLE_TUPLE:
                guard firstError == nil else { continue }  // drain what is left after a failure
                let names = columns ?? Self.columnNames(of: result)
                columns = names
                do { try body(SQLRow(columns: names, values: Self.values(of: result, row: 0))) } catch { firstError = error }
            case PGRES_TUPLES_OK, PGRES_COMMAND_OK: continue
            default: if firstError == nil { firstError = failure(result, sql: sql) }
            }
        }
        if let firstError { throw firstError }
    }

    /// A statement with values is prepared once per connection (the server parses and plans it
    /// once); one without goes as a simple query, which may hold several statements (migrations).
    private func runReturningSQL(_ query: SQLQuery) throws -> (OpaquePointer, String) {
        let (sql, values) = query.rendered { "$\($0)" }
        let result: OpaquePointer?
        if values.isEmpty {
            result = PQexec(connection, sql)
        } else {
            let name = try statementName(for: sql)
            result = Self.withCStrings(values.map(\.postgresText)) { parameters in
                PQexecPrepared(connection, name, Int32(parameters.count), parameters, nil, nil, 0)
            }
        }
        guard let result, [PGRES_COMMAND_OK, PGRES_TUPLES_OK].contains(PQresultStatus(result)) else {
            let error = failure(result, sql: sql)
            if let result { PQclear(result) }
            throw error
        }
        return (result, sql)
    }

    private func statementName(for sql: String) throws -> String {
        if let known = prepared[sql] { return known.name }
        if prepared.count >= 2_000 {  // a bound on the server's memory for statements built from lists
            PQclear(PQexec(connection, "DEALLOCATE ALL"))
            prepared.removeAll()
        }
        let name = "s\(prepared.count)_\(UInt32(truncatingIfNeeded: sql.hashValue))"
        guard let result = PQprepare(connection, name, sql, 0, nil) else { throw failure(nil, sql: sql) }
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_COMMAND_OK else { throw failure(result, sql: sql) }
        prepared[sql] = (name, nil)
        return name
    }

    // MARK: - Notifications

    /// Waits for a NOTIFY on a channel this connection LISTENs to; true when one (or more) arrived.
    func awaitNotification(timeout: TimeInterval) throws -> Bool {
        if try drainNotifications() { return true }
        var descriptor = pollfd(fd: PQsocket(connection), events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, Int32(max(0, timeout) * 1000))
        guard ready > 0 else { return false }
        return try drainNotifications()
    }

    private func drainNotifications() throws -> Bool {
        guard PQconsumeInput(connection) == 1 else {
            throw StoreError.unavailable(Self.trimmed(PQerrorMessage(connection)))
        }
        var any = false
        while let notification = PQnotifies(connection) {
            PQfreemem(notification)
            any = true
        }
        return any
    }

    // MARK: - Values

    private static func columnNames(of result: OpaquePointer) -> SQLColumns {
        SQLColumns((0..<PQnfields(result)).map { String(cString: PQfname(result, $0)) })
    }

    private static func values(of result: OpaquePointer, row: Int32) -> [SQLValue] {
        (0..<PQnfields(result)).map { field in
            if PQgetisnull(result, row, field) == 1 { return .null }
            let text = PQgetvalue(result, row, field)!
            switch PQftype(result, field) {
            case 16: return .integer(text.pointee == UInt8(ascii: "t") ? 1 : 0)  // bool
            case 20, 21, 23, 26: return .integer(strtoll(text, nil, 10))  // int8, int2, int4, oid
            case 700, 701, 1700: return .real(strtod(text, nil))  // float4, float8, numeric
            case 17: return .blob(Data(hex: String(cString: text).dropFirst(2)))  // bytea: \x…
            default: return .text(String(cString: text))
            }
        }
    }

    /// Calls `body` with the values as C strings (NULL for SQL NULL), freed afterwards.
    private static func withCStrings<T>(_ texts: [String?], _ body: ([UnsafePointer<CChar>?]) -> T) -> T {
        let copies = texts.map { $0.map { strdup($0)! } }
        defer { copies.forEach { free($0) } }
        return body(copies.map { $0.map { UnsafePointer($0) } })
    }

    // MARK: - Errors

    /// SQLSTATE → the store's errors: what a caller can act on gets its own case.
    private func failure(_ result: OpaquePointer?, sql: String) -> Error {
        let message = Self.trimmed(result.map { PQresultErrorMessage($0) } ?? PQerrorMessage(connection))
        let state = result.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "C"))) }.map { String(cString: $0) } ?? ""
        switch state {
        case "23505": return SQLFailure.uniqueViolation(message)
        case "40001", "40P01": return SQLFailure.retryableConflict(message)
        case "53100": return StoreError.diskFull
        case _ where state.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(state) || !isUsable:
            return StoreError.unavailable(message.isEmpty ? "the connection to PostgreSQL was lost" : message)
        default: return PostgresError(state: state, message: message, sql: sql)
        }
    }

    private static func trimmed(_ message: UnsafePointer<CChar>?) -> String {
        message.map { String(cString: $0) }?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }
}

/// A statement PostgreSQL refused for a reason the store has no case for: a bug, logged as a 500.
struct PostgresError: Error, CustomStringConvertible {
    let state: String
    let message: String
    let sql: String
    var description: String { "PostgreSQL \(state): \(message) in: \(sql.prefix(300))" }
}

extension SQLValue {
    /// The text form PostgreSQL parses for each value (bytea in hex).
    var postgresText: String? {
        switch self {
        case .null: nil
        case .integer(let value): String(value)
        case .real(let value): value.isNaN ? "NaN" : value.isInfinite ? (value > 0 ? "Infinity" : "-Infinity") : String(value)
        case .text(let text): text
        case .blob(let data): "\\x" + data.map { String(format: "%02x", $0) }.joined()
        }
    }
}

extension Data {
    /// Bytes from hex digits; stops at the first character that is not one.
    init<Digits: StringProtocol>(hex digits: Digits) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.utf8.count / 2)
        var high: UInt8?
        for byte in digits.utf8 {
            let nibble: UInt8
            switch byte {
            case 48...57: nibble = byte - 48
            case 97...102: nibble = byte - 87
            case 65...70: nibble = byte - 55
            default: self.init(bytes); return
            }
            if let value = high { bytes.append(value << 4 | nibble); high = nil } else { high = nibble }
        }
        self.init(bytes)
    }
}
