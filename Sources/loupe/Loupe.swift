// loupe: the admin command line. Each subcommand that needs the store opens it the same way the worker does.
import ArgumentParser
import Auth
import Domain
import FileStore
import Foundation
import Store

@main
struct Loupe: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loupe",
        abstract: "Administer a Loupe data directory.",
        subcommands: [Initialise.self, UserCommand.self, TokenCommand.self, Backup.self, Restore.self, MigrateToPostgres.self, Thumbnail.self, COCOEvaluate.self, DemoCommand.self,
                      ExportCommand.self, ImportCommand.self])
}

/// `--data-dir`, shared by every subcommand.
struct DataDirOptions: ParsableArguments {
    @Option(help: "Data directory (env LOUPE_DATA_DIR).")
    var dataDir = ProcessInfo.processInfo.environment["LOUPE_DATA_DIR"] ?? "data"

    @Option(help: ArgumentHelp(stringLiteral: StoreLocation.optionHelp))
    var database: String?

    @Option(help: ArgumentHelp(stringLiteral: ObjectStoreSetting.optionHelp))
    var objectStore: String?

    var databasePath: String { StoreLocation.resolve(option: database, dataDirectory: dataDir) }

    /// The data directory's files: on disk, or in the bucket `--object-store` names.
    func files() throws -> ContentStore {
        ContentStore(dataDirectory: URL(fileURLWithPath: dataDir), objects: try ObjectStoreSetting.resolve(option: objectStore))
    }

    func openDatabase() throws -> AppDatabase {
        guard StoreLocation.isPostgres(databasePath) || FileManager.default.fileExists(atPath: databasePath) else {
            throw ValidationError("No database at \(databasePath). Run `loupe init --data-dir \(dataDir)` first.")
        }
        return try AppDatabase.openShared(path: databasePath)
    }

    func accounts() throws -> Accounts { Accounts(database: try openDatabase()) }
}

extension Role: ExpressibleByArgument {}

/// Reads one line from standard input (a password piped in by a script).
func readSecretFromStandardInput() throws -> String {
    guard let line = readLine(strippingNewline: true), !line.isEmpty else {
        throw ValidationError("Expected the password on standard input.")
    }
    return line
}
