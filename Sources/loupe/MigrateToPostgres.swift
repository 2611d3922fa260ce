// `loupe migrate-to-postgres --to URL`: the data directory's SQLite store copied into an empty
// PostgreSQL database, verified table by table; the files stay where they are.
import ArgumentParser
import Foundation
import Store

struct MigrateToPostgres: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate-to-postgres",
        abstract: "Copy the SQLite store into an empty PostgreSQL database, checking row counts and a checksum per table.",
        discussion: """
            Stop the stack first (scripts/down) so nothing changes during the copy. The copy is one
            transaction: if any table's rows differ afterwards, nothing is kept. Then start the stack
            with LOUPE_DATABASE_URL set to the same URL; the files in the data directory are used as before.
            """)

    @Option(help: "The data directory whose loupe.sqlite is copied (env LOUPE_DATA_DIR).")
    var dataDir = ProcessInfo.processInfo.environment["LOUPE_DATA_DIR"] ?? "data"

    @Option(help: "The SQLite file to copy. Default: <data-dir>/loupe.sqlite.")
    var from: String?

    @Option(help: "The empty PostgreSQL database to copy into: postgresql://user:password@host:port/name.")
    var to: String

    func run() throws {
        let source = from ?? URL(fileURLWithPath: dataDir).appendingPathComponent("loupe.sqlite").path
        guard StoreLocation.isPostgres(to) else { throw ValidationError("--to must be a postgresql:// URL.") }
        guard FileManager.default.fileExists(atPath: source) else { throw ValidationError("No SQLite store at \(source).") }
        let database = try AppDatabase.openShared(path: source)
        print("Copying \(source) into \(StoreLocation.redacted(to))")
        print("table".padding(toLength: 24, withPad: " ", startingAt: 0) + "      rows  checksum (sha256 of the rows)")
        let started = Date()
        let reports = try database.copyToPostgres(url: to) { report in
            let rows = String(report.sourceRows)
            print(report.table.padding(toLength: 24, withPad: " ", startingAt: 0)
                  + String(repeating: " ", count: max(0, 10 - rows.count)) + rows
                  + "  " + report.sourceChecksum.prefix(16) + (report.matches ? "  same in PostgreSQL" : "  DIFFERS: \(report.targetRows) rows, \(report.targetChecksum.prefix(16))"))
        }
        let rows = reports.reduce(0) { $0 + $1.sourceRows }
        print("Copied \(reports.count) tables, \(rows) rows in \(String(format: "%.1f", Date().timeIntervalSince(started))) s; every count and checksum matches.")
        print("Start Loupe on it with: LOUPE_DATABASE_URL='\(StoreLocation.redacted(to))' (with the real password) scripts/up")
    }
}
