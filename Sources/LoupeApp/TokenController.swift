// API tokens over the API: list yours, create one (its secret is returned once), revoke.
import Auth
import Domain
import Store
import Web

extension AppContext {
    struct NewToken: Decodable { let name: String }

    struct CreatedToken: Encodable {
        let token: TokenDTO
        /// Shown only in this response; Loupe keeps just its hash.
        let secret: String
    }

    /// GET /api/v1/tokens: your tokens; admins may add `?all=1` for everyone's.
    func listTokens(_ request: Request, _ context: UserContext) throws -> Response {
        let everyone = request.query["all"] == "1" && context.principal.has(.admin)
        return try .json(["tokens": try database.apiTokens(userID: everyone ? nil : context.principal.user.id).map(TokenDTO.init)])
    }

    func createToken(_ request: Request, _ context: UserContext) throws -> Response {
        let body = try request.decodeJSON(NewToken.self)
        let (secret, token) = try accounts.createToken(userID: context.principal.user.id, name: body.name,
                                                        by: context.attribution)
        return try .json(CreatedToken(token: TokenDTO(token), secret: secret), status: HTTPStatus.created)
    }

    func revokeToken(_ request: Request, _ context: TokenContext) throws -> Response {
        try database.revokeAPIToken(id: context.token.id, by: context.attribution)
        return .noContent()
    }
}
