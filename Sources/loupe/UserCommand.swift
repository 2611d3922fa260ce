// `loupe user add|list|disable|enable|set-password`.
import ArgumentParser
import Auth
import Domain
import Foundation
import Store

struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage users.",
        subcommands: [Add.self, List.self, Disable.self, Enable.self, SetPassword.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user; prints a random password unless --password-stdin.")
        @OptionGroup var options: DataDirOptions
        @Argument var username: String
        @Option(help: "annotator, reviewer, data or admin.") var role: Role = .annotator
        @Flag(help: "Read the password from standard input.") var passwordStdin = false

        func run() throws {
            let password = passwordStdin ? try readSecretFromStandardInput() : Accounts.randomPassword()
            let user = try options.accounts().createUser(username: username, password: password, role: role, by: .commandLine)
            print("Added \(user.username) (\(user.role.rawValue)).")
            if !passwordStdin { print("Password: \(password)") }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users.")
        @OptionGroup var options: DataDirOptions

        func run() throws {
            for user in try options.openDatabase().users() {
                let state = user.disabled ? "disabled" : "active"
                print([String(user.id), user.username, user.role.rawValue, state].joined(separator: "\t"))
            }
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a user and end their sessions.")
        @OptionGroup var options: DataDirOptions
        @Argument var username: String

        func run() throws { try setDisabled(true, username: username, options: options) }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled user.")
        @OptionGroup var options: DataDirOptions
        @Argument var username: String

        func run() throws { try setDisabled(false, username: username, options: options) }
    }

    struct SetPassword: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-password", abstract: "Set a password (random and printed unless --password-stdin).")
        @OptionGroup var options: DataDirOptions
        @Argument var username: String
        @Flag(help: "Read the password from standard input.") var passwordStdin = false

        func run() throws {
            let database = try options.openDatabase()
            let accounts = Accounts(database: database)
            let user = try findUser(username, in: database)
            let password = passwordStdin ? try readSecretFromStandardInput() : Accounts.randomPassword()
            try accounts.setPassword(userID: user.id, password: password, by: .commandLine)
            print("Password of \(user.username) changed; their sessions have ended.")
            if !passwordStdin { print("Password: \(password)") }
        }
    }
}

private func setDisabled(_ disabled: Bool, username: String, options: DataDirOptions) throws {
    let database = try options.openDatabase()
    let user = try findUser(username, in: database)
    _ = try database.updateUser(id: user.id, role: nil, disabled: disabled, by: .commandLine)
    print("\(disabled ? "Disabled" : "Enabled") \(user.username).")
}

func findUser(_ username: String, in database: any CredentialStore) throws -> User {
    guard let user = try database.user(named: username) else { throw ValidationError("No user named \(username).") }
    return user
}
