// `loupe backup FILE`: a consistent copy of the database while the stack keeps running.
import ArgumentParser
import Foundation
import Store

struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Copy the live database to FILE with SQLite's online backup.")
    @OptionGroup var options: DataDirOptions
    @Argument(help: "Where to write the copy.") var file: String

    func run() throws {
        try options.openDatabase().backup(to: file)
        print("Backed up \(options.databasePath) to \(file).")
    }
}
