// Reading records from rows: by column name, or by position on the request path.
import Domain

/// A record built from a row by column name.
protocol RowDecodable {
    init(row: SQLRow) throws
}

extension RowDecodable {
    static func fetchOne(_ db: StoreConnection, literal query: SQLQuery) throws -> Self? {
        try db.fetchOne(query).map(Self.init(row:))
    }

    static func fetchAll(_ db: StoreConnection, literal query: SQLQuery) throws -> [Self] {
        try db.fetchAll(query).map(Self.init(row:))
    }
}

/// A record that can also be read by position, for the request path's joins. `columns` lists what
/// `init(row:at:)` reads, in its order (a unit test checks the two read the same record).
protocol RowPositional {
    static var columns: [String] { get }
    init(row: SQLRow, at first: Int) throws
}

extension RowPositional {
    /// `t.id, t.user_id, …`: this record's columns from the table aliased `alias`.
    static func selection(from alias: String) -> String {
        columns.map { "\(alias).\($0)" }.joined(separator: ", ")
    }

    /// The first row of `query`, which selects this record's columns and then `Second`'s, as the two.
    static func fetchFirst<Second: RowPositional>(_ db: StoreConnection, _ query: SQLQuery,
                                                  followedBy _: Second.Type) throws -> (Self, Second)? {
        guard let row = try db.fetchOne(query) else { return nil }
        return (try Self(row: row, at: 0), try Second(row: row, at: columns.count))
    }
}

extension Role {
    /// The role stored in a row; a value the schema's CHECK would refuse means a damaged file.
    init(databaseValue value: String) throws {
        guard let role = Role(rawValue: value) else { throw StoreError.corrupt("unknown role '\(value)'") }
        self = role
    }
}
