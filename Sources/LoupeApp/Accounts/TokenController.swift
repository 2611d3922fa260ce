// API tokens over the API: list yours, create one (its secret is returned once), revoke.
import Auth
import Domain
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

    struct NewToken: Decodable { let name: String }

    struct CreatedToken: Encodable {
        let token: TokenDTO
        /// Shown only in this response; Loupe keeps just its hash.
        let secret: String
    }

    /// GET /api/v1/tokens: your tokens; admins may add `?all=1` for everyone's.
    func listTokens(_ request: Request, _ context: UserContext) throws -> Response {
        let everyone = request.query["all"] == "1" && context.principal.has(.admin)
        return try .json(["tokens": try store.apiTokens(userID: everyone ? nil : context.principal.user.id).map(TokenDTO.init)])
    }

    func createToken(_ request: Request, _ context: UserContext) throws -> Response {
        let body = try request.decodeJSON(NewToken.self)
        let (secret, token) = try accounts.createToken(userID: context.principal.user.id, name: body.name,
                                                        by: context.attribution)
        return try .json(CreatedToken(token: TokenDTO(token), secret: secret), status: HTTPStatus.created)
    }

    func revokeToken(_ request: Request, _ context: TokenContext) throws -> Response {
        try store.revokeAPIToken(id: context.token.id, by: context.attribution)
        return .noContent()
    }
}
