// `loupe token create|list|revoke`: API tokens for scripts.
import ArgumentParser
import Auth
import Domain
import Foundation
import Store

struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Manage API tokens.", subcommands: [Create.self, List.self, Revoke.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a token for a user and print its secret once.")
        @OptionGroup var options: DataDirOptions
        @Argument var username: String
        @Option(help: "What the token is for.") var name = "cli"
        @Option(help: "Limit the token to serving this model (POST /api/v1/serve/MODEL/predict), for an application.")
        var serveModel: String?

        func run() throws {
            let database = try options.openDatabase()
            let accounts = Accounts(database: database)
            let user = try findUser(username, in: database)
            var scope: Int64?
            if let serveModel {
                guard let model = try database.registeredModel(named: serveModel) else { throw ValidationError("No model named '\(serveModel)'.") }
                guard user.role >= .data else { throw ValidationError("\(user.username) is \(user.role.rawValue): only the data team and admins serve models.") }
                scope = model.id
            }
            let (secret, token) = try accounts.createToken(userID: user.id, name: name, scopeModelID: scope, by: .commandLine)
            FileHandle.standardError.write(Data("Token \(token.id) for \(user.username); shown only now:\n".utf8))
            print(secret)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (all, or one user's).")
        @OptionGroup var options: DataDirOptions
        @Argument var username: String?

        func run() throws {
            let database = try options.openDatabase()
            let userID = try username.map { try findUser($0, in: database).id }
            for token in try database.apiTokens(userID: userID) {
                let state = token.revokedAt == nil ? "active" : "revoked"
                print([String(token.id), String(token.userId), token.name, token.displayPrefix + "…", state].joined(separator: "\t"))
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by id.")
        @OptionGroup var options: DataDirOptions
        @Argument var id: Int64

        func run() throws {
            try options.openDatabase().revokeAPIToken(id: id, by: .commandLine)
            print("Revoked token \(id).")
        }
    }
}
