// `loupe backup FILE`: a consistent copy of the database while the stack keeps running.
import ArgumentParser
import Foundation
import Store

struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the live database to FILE: SQLite's online backup, or pg_dump's custom format on PostgreSQL.")
    @OptionGroup var options: DataDirOptions
    @Argument(help: "Where to write the copy.") var file: String

    func run() throws {
        try options.openDatabase().backup(to: file)
        print("Backed up \(StoreLocation.redacted(options.databasePath)) to \(file).")
    }
}
