// `loupe migrate-to-postgres`: a SQLite store copied into an empty PostgreSQL database in one
// transaction, each table's rows counted and checksummed on both sides before it commits.
import Crypto
import Foundation

/// What the copy found for one table: rows and checksum in the SQLite file and in PostgreSQL.
public struct TableCopyReport: Sendable, Equatable {
    public let table: String
    public let sourceRows: Int
    public let targetRows: Int
    public let sourceChecksum: String
    public let targetChecksum: String
    public var matches: Bool { sourceRows == targetRows && sourceChecksum == targetChecksum }
}

extension AppDatabase {
    /// Copies every table of this (SQLite) store into the empty PostgreSQL database at `url`: the
    /// schema is created there at the same version, rows go over in batches in foreign-key order,
    /// identity counters continue after the copied ids, and each table's count and checksum (a
    /// SHA-256 over its rows' values, independent of row order) are compared inside the transaction.
    /// Any difference rolls the whole copy back. `progress` hears each table as it is done.
    public func copyToPostgres(url: String, progress: (TableCopyReport) -> Void = { _ in }) throws -> [TableCopyReport] {
        guard backend is SQLiteBackend else { throw StoreError.invalid(field: "from", message: "The source must be a SQLite store.") }
        let target: PostgresConnection
        do { target = try PostgresConnection(url: url) } catch StoreError.unavailable(let reason) {
            throw StoreError.cannotOpen(path: PostgresURL.redacted(url), reason: reason)
        }
        let existing = try Int.fetchOne(target, sql: "SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'") ?? 0
        guard existing == 0 else {
            throw StoreError.conflict(code: "target_not_empty",
                                      message: "\(PostgresURL.redacted(url)) already holds \(existing) tables; copy into a new, empty database.")
        }
        let applied = try appliedMigrations()
        guard applied == PostgresSchema.migrations.map(\.identifier) else {
            throw StoreError.conflict(code: "schema_mismatch", message: "The SQLite store is at \(applied.last ?? "no version"); open it with this Loupe first.")
        }
        try PostgresSchema.migrate(target, apply: true, location: PostgresURL.redacted(url))
        return try read { source in
            try target.transaction(begin: "BEGIN ISOLATION LEVEL SERIALIZABLE") {
                var reports: [TableCopyReport] = []
                for table in try Self.tablesInForeignKeyOrder(target) {
                    let copied = try Self.copyRows(of: table, from: source, to: target)
                    let (targetRows, targetChecksum) = try Self.checksum(of: table, in: target)
                    let report = TableCopyReport(table: table, sourceRows: copied.rows, targetRows: targetRows,
                                                 sourceChecksum: copied.checksum, targetChecksum: targetChecksum)
                    progress(report)
                    reports.append(report)
                }
                if let wrong = reports.first(where: { !$0.matches }) {
                    throw StoreError.conflict(code: "copy_mismatch", message: "Table \(wrong.table) differs after the copy "
                        + "(\(wrong.sourceRows) rows → \(wrong.targetRows)); nothing was kept.")
                }
                return reports
            }
        }
    }

    /// Loupe's tables on PostgreSQL, each after the tables its foreign keys point to.
    private static func tablesInForeignKeyOrder(_ db: PostgresConnection) throws -> [String] {
        let tables = try String.fetchAll(db, sql: """
            SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename != 'loupe_migrations' ORDER BY tablename
            """)
        var dependsOn: [String: Set<String>] = [:]
        for row in try SQLRow.fetchAll(db, sql: """
            SELECT conrelid::regclass::text AS child, confrelid::regclass::text AS parent FROM pg_constraint WHERE contype = 'f'
            """) where (row["child"] as String) != (row["parent"] as String) {
            dependsOn[row["child"], default: []].insert(row["parent"])
        }
        var ordered: [String] = []
        var placed = Set<String>()
        while ordered.count < tables.count {
            let ready = tables.filter { !placed.contains($0) && (dependsOn[$0] ?? []).isSubset(of: placed) }
            guard !ready.isEmpty else { throw StoreError.corrupt("foreign keys form a cycle") }
            ordered += ready
            placed.formUnion(ready)
        }
        return ordered
    }

    /// Streams the table's rows from SQLite into multi-row INSERTs of up to 500 rows, hashing each
    /// row on the way; then moves the table's identity counter past the copied ids.
    private static func copyRows(of table: String, from source: StoreConnection, to target: PostgresConnection) throws -> (rows: Int, checksum: String) {
        var digest = RowSetDigest()
        var batch: [[SQLValue]] = []
        var columns: [String] = []
        func flush() throws {
            guard !batch.isEmpty else { return }
            var insert = SQLQuery(sql: "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES ")
            for (index, values) in batch.enumerated() {
                insert = insert + SQLQuery(sql: index == 0 ? "(" : ", (") + SQLQuery(values: values) + SQLQuery(sql: ")")
            }
            try target.execute(insert)
            batch.removeAll(keepingCapacity: true)
        }
        try source.forEachRow(SQLQuery(sql: "SELECT * FROM \(table)")) { row in
            if columns.isEmpty { columns = row.columns.names }
            digest.add(row.values)
            batch.append(row.values)
            if batch.count == 500 { try flush() }
        }
        try flush()
        if try Int.fetchOne(target, literal: """
            SELECT 1 FROM information_schema.columns WHERE table_name = \(table) AND column_name = 'id' AND is_identity = 'YES'
            """) != nil {
            try target.execute(sql: "SELECT setval(pg_get_serial_sequence('\(table)', 'id'), COALESCE((SELECT MAX(id) FROM \(table)), 0) + 1, false)")
        }
        return (digest.count, digest.hex)
    }

    private static func checksum(of table: String, in db: PostgresConnection) throws -> (rows: Int, checksum: String) {
        var digest = RowSetDigest()
        try db.forEachRow(SQLQuery(sql: "SELECT * FROM \(table)")) { digest.add($0.values) }
        return (digest.count, digest.hex)
    }
}

/// A checksum of a set of rows that does not depend on their order: each row's values are hashed
/// (typed, so 1 and '1' differ), and the sorted row hashes are hashed together.
struct RowSetDigest {
    private var rowHashes: [SHA256.Digest] = []
    var count: Int { rowHashes.count }

    mutating func add(_ values: [SQLValue]) {
        var hasher = SHA256()
        for value in values {
            let field: String = switch value {
            case .null: "n"
            case .integer(let integer): "i\(integer)"
            case .real(let real): "r\(real)"
            case .text(let text): "t\(text.utf8.count):\(text)"
            case .blob(let data): "b\(data.base64EncodedString())"
            }
            hasher.update(data: Data((field + "\u{1f}").utf8))
        }
        rowHashes.append(hasher.finalize())
    }

    var hex: String {
        var all = SHA256()
        for hash in rowHashes.map({ Data($0) }).sorted(by: { $0.lexicographicallyPrecedes($1) }) { all.update(data: hash) }
        return all.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
