// The embedded store: SQLite through GRDB, whose pool gives WAL readers beside one writer.
import Foundation
internal import GRDB
import Synchronization

final class SQLiteBackend: StoreBackend {
    let pool: DatabasePool
    /// Each statement's result columns, indexed once per process (the SQL text is fixed per call site).
    let columnsBySQL = ColumnCache()
    /// A read-only connection of the process's own for `lookup`, in a worker child that answers one
    /// request at a time: it skips the pool's bookkeeping (a lock and a key path per read).
    private let lookupReader: DatabaseQueue?

    init(pool: DatabasePool, lookupReader: DatabaseQueue?) {
        self.pool = pool
        self.lookupReader = lookupReader
    }

    var dialect: SQLDialect { .sqlite }

    func read<T>(_ body: (StoreConnection) throws -> T) throws -> T {
        try Self.translatingErrors { try pool.read { db in try body(SQLiteConnection(db, columns: columnsBySQL)) } }
    }

    func write<T>(isolation _: WriteIsolation, _ body: (StoreConnection) throws -> T) throws -> T {
        try Self.translatingErrors { try pool.write { db in try body(SQLiteConnection(db, columns: columnsBySQL)) } }
    }

    /// Each statement sees a consistent snapshot on its own; skipping BEGIN/COMMIT is a measurable
    /// share of a request.
    func lookup<T>(_ body: (StoreConnection) throws -> T) throws -> T {
        try Self.translatingErrors {
            if let lookupReader { return try lookupReader.unsafeRead { db in try body(SQLiteConnection(db, columns: columnsBySQL)) } }
            return try pool.unsafeRead { db in try body(SQLiteConnection(db, columns: columnsBySQL)) }
        }
    }

    /// SQLite's "disk is full" reaches callers as `StoreError.diskFull` (a 507 that says so), a
    /// unique violation as `SQLFailure.uniqueViolation`; the rest as they are.
    static func translatingErrors<T>(_ work: () throws -> T) throws -> T {
        do {
            return try work()
        } catch let error as DatabaseError where error.resultCode == .SQLITE_FULL {
            throw StoreError.diskFull
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
            throw SQLFailure.uniqueViolation(error.message ?? "\(error)")
        }
    }
}

/// A GRDB connection seen through the store's seam.
final class SQLiteConnection: StoreConnection {
    let db: Database
    /// The backend's cache of result columns by SQL text.
    private let columnsBySQL: ColumnCache?

    init(_ db: Database, columns: ColumnCache? = nil) {
        self.db = db
        self.columnsBySQL = columns
    }

    var dialect: SQLDialect { .sqlite }

    var changesCount: Int { db.changesCount }

    /// Cached like reads: an import runs the same INSERT a million times, and preparing it each time
    /// was most of its cost.
    func execute(_ query: SQLQuery) throws {
        let (sql, values) = query.rendered { _ in "?" }
        try SQLiteBackend.translatingErrors {
            try db.cachedStatement(sql: sql).execute(arguments: StatementArguments(values.map { $0.databaseValue }))
        }
    }

    func fetchAll(_ query: SQLQuery) throws -> [SQLRow] {
        var rows: [SQLRow] = []
        try forEachRow(query) { rows.append($0) }
        return rows
    }

    func fetchOne(_ query: SQLQuery) throws -> SQLRow? {
        var first: SQLRow?
        try rows(of: query) { row in
            first = row
            return false
        }
        return first
    }

    func forEachRow(_ query: SQLQuery, _ body: (SQLRow) throws -> Void) throws {
        try rows(of: query) { row in
            try body(row)
            return true
        }
    }

    /// Statements are cached per connection: the SQL text is fixed and only the arguments change.
    private func rows(of query: SQLQuery, _ body: (SQLRow) throws -> Bool) throws {
        let (sql, values) = query.rendered { _ in "?" }
        try SQLiteBackend.translatingErrors {
            let statement = try db.cachedStatement(sql: sql)
            let columns = columnsBySQL?.columns(for: sql) { statement.columnNames } ?? SQLColumns(statement.columnNames)
            let cursor = try Row.fetchCursor(statement, arguments: StatementArguments(values.map { $0.databaseValue }))
            // Each row reads the statement in place: the cursor must outlive the copying.
            try withExtendedLifetime(cursor) {
                while let row = try cursor.next() {
                    let copied = (0..<row.count).map { SQLValue(row[$0] as DatabaseValue) }
                    guard try body(SQLRow(columns: columns, values: copied)) else { break }
                }
            }
        }
    }
}

extension SQLValue {
    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case .int64(let integer): self = .integer(integer)
        case .double(let real): self = .real(real)
        case .string(let text): self = .text(text)
        case .blob(let data): self = .blob(data)
        }
    }

    var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case .integer(let integer): integer.databaseValue
        case .real(let real): real.databaseValue
        case .text(let text): text.databaseValue
        case .blob(let data): data.databaseValue
        }
    }
}

/// Result columns by SQL text, shared by a backend's connections.
final class ColumnCache: Sendable {
    private let entries = Mutex<[String: SQLColumns]>([:])

    func columns(for sql: String, names: () -> [String]) -> SQLColumns {
        entries.withLock { cache in
            if let known = cache[sql] { return known }
            let made = SQLColumns(names())
            if cache.count < 4_000 { cache[sql] = made }  // SQL built from lists varies; keep the cache bounded
            return made
        }
    }
}
