// Reading records from rows. Internal on purpose: GRDB stays invisible outside the store, so no
// other module can mistake one of its string-interpolatable types (such as `SQL`) for a String.
import Domain
internal import GRDB

/// A record built from a row by column name (several times faster than `Decodable`).
protocol RowDecodable {
    init(row: Row) throws
}

/// A record that can also be read by position, for the request path's joins, where looking each
/// column up by name costs more than the query. `columns` lists what `init(row:at:)` reads, in its
/// order (a unit test checks the two read the same record). Those joins read their one row straight
/// from the statement (`fetchCursor(…).next()`), without the copy `fetchOne` makes.
protocol RowPositional {
    static var columns: [String] { get }
    init(row: Row, at first: Int) throws
}

extension RowPositional {
    /// `t.id, t.user_id, …`: this record's columns from the table aliased `alias`.
    static func selection(from alias: String) -> String {
        columns.map { "\(alias).\($0)" }.joined(separator: ", ")
    }

    /// The first row of `sql`, which selects this record's columns and then `Second`'s, as the two.
    static func fetchFirst<Second: RowPositional>(_ db: Database, sql: String, arguments: StatementArguments,
                                                  followedBy _: Second.Type) throws -> (Self, Second)? {
        let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
        // The row reads the statement in place: the cursor must outlive the decoding.
        return try withExtendedLifetime(rows) {
            guard let row = try rows.next() else { return nil }
            return (try Self(row: row, at: 0), try Second(row: row, at: columns.count))
        }
    }
}

// Every read goes through GRDB's SQL interpolation (bound arguments); statements are cached per
// connection, since the SQL text is fixed and only the arguments change.
extension RowDecodable {
    static func fetchOne(_ db: Database, literal: SQL) throws -> Self? {
        try Row.fetchOne(db, SQLRequest<Row>(literal: literal, cached: true)).map(Self.init(row:))
    }

    static func fetchAll(_ db: Database, literal: SQL) throws -> [Self] {
        try Row.fetchAll(db, SQLRequest<Row>(literal: literal, cached: true)).map(Self.init(row:))
    }

    static func fetchOne(_ statement: Statement, arguments: StatementArguments) throws -> Self? {
        try Row.fetchOne(statement, arguments: arguments).map(Self.init(row:))
    }
}

extension DatabaseValueConvertible {
    static func fetchAll(_ db: Database, literal: SQL) throws -> [Self] {
        try fetchAll(db, SQLRequest<Self>(literal: literal, cached: true))
    }

    static func fetchOne(_ db: Database, literal: SQL) throws -> Self? {
        try fetchOne(db, SQLRequest<Self>(literal: literal, cached: true))
    }
}

extension Role {
    /// The role stored in a row; a value the schema's CHECK would refuse means a damaged file.
    init(databaseValue value: String) throws {
        guard let role = Role(rawValue: value) else { throw StoreError.corrupt("unknown role '\(value)'") }
        self = role
    }
}
