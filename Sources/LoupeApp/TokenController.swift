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
    func listTokens(_ request: Request) throws -> Response {
        let principal = try require(request)
        let everyone = request.query["all"] == "1" && principal.has(.admin)
        return try .json(["tokens": try database.apiTokens(userID: everyone ? nil : principal.user.id).map(TokenDTO.init)])
    }

    func createToken(_ request: Request) throws -> Response {
        let principal = try require(request)
        let body = try request.decodeJSON(NewToken.self)
        let (secret, token) = try accounts.createToken(userID: principal.user.id, name: body.name,
                                                        by: principal.attribution(request))
        return try .json(CreatedToken(token: TokenDTO(token), secret: secret), status: HTTPStatus.created)
    }

    func revokeToken(_ request: Request) throws -> Response {
        let principal = try require(request)
        let token = try ownedToken(try request.intParameter("id"), principal: principal)
        try database.revokeAPIToken(id: token.id, by: principal.attribution(request))
        return .noContent()
    }

    /// A token the caller may manage: their own, or any for an admin. Others' tokens look absent.
    func ownedToken(_ id: Int64, principal: Principal) throws -> APIToken {
        guard let token = try database.apiToken(id: id), token.userId == principal.user.id || principal.has(.admin) else {
            throw HTTPError.notFound("No such token.")
        }
        return token
    }
}
