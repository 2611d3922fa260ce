// Many rows into one table as multi-row INSERTs: one statement per chunk of rows, not one per row,
// and the statement for each row count is prepared once (the SQLite seam caches it).
extension StoreConnection {
    /// Runs `insert` (`INSERT INTO t (a, b, …) VALUES`) followed by up to `chunk` rows at a time.
    func insertRows(_ insert: SQLQuery, _ rows: [[SQLValue]], chunk: Int = 100) throws {
        for start in stride(from: 0, to: rows.count, by: chunk) {
            let values = rows[start..<min(start + chunk, rows.count)].map { "(\(SQLQuery(values: $0)))" as SQLQuery }
            try execute(insert + " " + values.dropFirst().reduce(values[0]) { $0 + ", " + $1 })
        }
    }
}
