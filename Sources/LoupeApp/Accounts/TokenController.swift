// API tokens over the API: list yours, create one (its secret is returned once), revoke.
import Auth
import Domain
import Foundation
import Store
import Web

struct TokenController: Sendable {
    let accounts: Accounts
    let store: any AccountStore

    func addRoutes(to routes: inout RouteTable) {
        routes.add(.GET, "/api/v1/tokens", access: .signedIn, listTokens)
        routes.add(.POST, "/api/v1/tokens", access: .signedIn, createToken)
        routes.add(.DELETE, "/api/v1/tokens/{id}", access: .ownTokenOrAdmin, revokeToken)
    }

    struct NewToken: Decodable {
        let name: String
        /// Limits the token to serving this model (an application's token).
        let serveModel: String?
    }

    struct CreatedToken: Encodable {
        let token: TokenDTO
        /// Shown only in this response; Loupe keeps just its hash.
        let secret: String
    }

    /// GET /api/v1/tokens: your tokens; admins may add `?all=1` for everyone's.
    func listTokens(_ request: Request, _ context: UserContext) throws -> Response {
        let everyone = try request.queryFlag("all") && context.principal.has(.admin)
        return try .json(["tokens": try store.apiTokens(userID: everyone ? nil : context.principal.user.id).map { token in
            TokenDTO(token, serveModel: try token.scopeModelId.flatMap { try store.registeredModel(id: $0)?.name })
        }])
    }

    func createToken(_ request: Request, _ context: UserContext) throws -> Response {
        let body = try request.decodeJSON(NewToken.self)
        let model = try body.serveModel.map { try Self.servedModel(named: $0, for: context.principal, store: store) }
        let (secret, token) = try accounts.createToken(userID: context.principal.user.id, name: body.name, scopeModelID: model?.id,
                                                        by: context.attribution)
        return try .json(CreatedToken(token: TokenDTO(token, serveModel: model?.name), secret: secret), status: HTTPStatus.created)
    }

    /// The model a new token is limited to: it must exist, and only those who may serve can limit one to it.
    static func servedModel(named name: String, for principal: Principal, store: any AccountStore) throws -> RegisteredModel {
        guard principal.has(.data) else {
            throw HTTPError.forbidden("Only the data team and admins serve models, so only they make serving tokens.")
        }
        guard let model = try store.registeredModel(named: name.trimmingCharacters(in: .whitespaces)) else {
            throw HTTPError(HTTPStatus.unprocessable, code: "invalid_field", message: "No model named '\(name)'.", field: "serve_model")
        }
        return model
    }

    func revokeToken(_ request: Request, _ context: TokenContext) throws -> Response {
        try store.revokeAPIToken(id: context.token.id, by: context.attribution)
        return .noContent()
    }
}
