// `loupe init`: data directory layout, database, first admin with a random password shown once.
import ArgumentParser
import Auth
import Domain
import Foundation
import Store

struct Initialise: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create the data directory, the database and the first admin.")

    @OptionGroup var options: DataDirOptions

    @Option(help: "Username of the first admin.")
    var admin = "admin"

    /// The subfolders later parts of Loupe write to.
    static let folders = ["run", "images", "thumbs", "models", "exports", "tmp"]

    func run() throws {
        let root = URL(fileURLWithPath: options.dataDir)
        for folder in Self.folders {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        let database = try AppDatabase.openShared(path: options.databasePath)
        guard try database.countUsers() == 0 else {
            print("Loupe is already initialised in \(options.dataDir).")
            return
        }
        let password = Accounts.randomPassword()
        _ = try Accounts(database: database).createUser(username: admin, password: password, role: .admin, by: .commandLine)
        // Kept (owner-only) so `scripts/up` can remind you how to log in; delete it after changing the password.
        let file = root.appendingPathComponent("initial-admin-password")
        try Data((password + "\n").utf8).write(to: file, options: .atomic)
        chmod(file.path, 0o600)
        print("Initialised \(options.dataDir).")
        print("First admin: \(admin)")
        print("Password:    \(password)")
    }
}
