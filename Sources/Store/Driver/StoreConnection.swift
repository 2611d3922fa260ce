// The seam between the store's SQL and a database: a connection inside a transaction, and the
// fetches every named read and write is made of.
import Foundation

/// One connection, handed to a `read` or `write` body while its transaction is open.
protocol StoreConnection: AnyObject {
    var dialect: SQLDialect { get }
    /// Runs a statement that returns no rows (or whose rows nobody reads).
    func execute(_ query: SQLQuery) throws
    /// Rows the last `execute` inserted, changed or deleted.
    var changesCount: Int { get }
    func fetchAll(_ query: SQLQuery) throws -> [SQLRow]
    func fetchOne(_ query: SQLQuery) throws -> SQLRow?
    /// Hands over rows as they are read, for results too large to hold (exports). `body` must not
    /// run other statements on this connection.
    func forEachRow(_ query: SQLQuery, _ body: (SQLRow) throws -> Void) throws
}

extension StoreConnection {
    func execute(literal query: SQLQuery) throws { try execute(query) }
    func execute(sql text: String) throws { try execute(SQLQuery(sql: text)) }
}

/// How much a write transaction is kept apart from others. SQLite has one writer, so both are the
/// same there; on PostgreSQL SERIALIZABLE keeps read-then-write paths correct, and READ COMMITTED
/// serves claims that lock rows themselves (SKIP LOCKED).
enum WriteIsolation: Sendable {
    case serializable
    case readCommitted
}

/// Where transactions come from: the SQLite pool or a PostgreSQL connection.
protocol StoreBackend: AnyObject, Sendable {
    var dialect: SQLDialect { get }
    /// A consistent snapshot for several statements.
    func read<T>(_ body: (StoreConnection) throws -> T) throws -> T
    /// One write transaction: every change in `body`, or none.
    func write<T>(isolation: WriteIsolation, _ body: (StoreConnection) throws -> T) throws -> T
    /// Single statements outside a transaction (the per-request credential lookups).
    func lookup<T>(_ body: (StoreConnection) throws -> T) throws -> T
}

// MARK: - Fetching records and values

extension SQLRow {
    static func fetchOne(_ db: StoreConnection, literal query: SQLQuery) throws -> SQLRow? { try db.fetchOne(query) }
    static func fetchAll(_ db: StoreConnection, literal query: SQLQuery) throws -> [SQLRow] { try db.fetchAll(query) }
    static func fetchOne(_ db: StoreConnection, sql text: String) throws -> SQLRow? { try db.fetchOne(SQLQuery(sql: text)) }
    static func fetchAll(_ db: StoreConnection, sql text: String) throws -> [SQLRow] { try db.fetchAll(SQLQuery(sql: text)) }
}

/// A single value: the first column of the first row.
extension SQLDecodable {
    /// nil when there is no row or the value is NULL.
    static func fetchOne(_ db: StoreConnection, literal query: SQLQuery) throws -> Self? {
        guard let row = try db.fetchOne(query) else { return nil }
        return row[0] as Self?
    }

    /// The first column of every row; NULLs are skipped.
    static func fetchAll(_ db: StoreConnection, literal query: SQLQuery) throws -> [Self] {
        try db.fetchAll(query).compactMap { $0[0] as Self? }
    }

    static func fetchOne(_ db: StoreConnection, sql text: String) throws -> Self? { try fetchOne(db, literal: SQLQuery(sql: text)) }
    static func fetchAll(_ db: StoreConnection, sql text: String) throws -> [Self] { try fetchAll(db, literal: SQLQuery(sql: text)) }
}
