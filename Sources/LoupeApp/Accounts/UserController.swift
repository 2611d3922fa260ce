// Users over the API: admins list, create, change role or disable; anyone may change their own password.
import Auth
import Domain
import Store
import Web

struct UserController: Sendable {
    let accounts: Accounts
    let store: any AccountStore

    func addRoutes(to routes: inout RouteTable) {
        routes.add(.PUT, "/api/v1/users/{id}/password", access: .ownAccountOrAdmin, changePassword)
        routes.add(.GET, "/api/v1/users", access: .role(.admin), listUsers)
        routes.add(.POST, "/api/v1/users", access: .role(.admin), createUser)
        routes.add(.GET, "/api/v1/users/{id}", access: .role(.admin), showUser)
        routes.add(.PATCH, "/api/v1/users/{id}", access: .role(.admin), updateUser)
    }

    struct NewUser: Decodable {
        let username: String
        let password: String
        let role: Role
    }

    struct UserChange: Decodable {
        let role: Role?
        let disabled: Bool?
    }

    struct PasswordChange: Decodable {
        let password: String
        /// Required when changing your own password.
        let currentPassword: String?
    }

    func listUsers(_ request: Request, _ context: UserContext) throws -> Response {
        try .json(["users": try store.users().map(UserDTO.init)])
    }

    func showUser(_ request: Request, _ context: UserContext) throws -> Response {
        guard let user = try store.user(id: try request.intParameter("id")) else { throw HTTPError.notFound("No such user.") }
        return try .json(UserDTO(user))
    }

    func createUser(_ request: Request, _ context: UserContext) throws -> Response {
        let body = try request.decodeJSON(NewUser.self)
        let user = try accounts.createUser(username: body.username, password: body.password, role: body.role,
                                           by: context.attribution)
        return try .json(UserDTO(user), status: HTTPStatus.created)
    }

    func updateUser(_ request: Request, _ context: UserContext) throws -> Response {
        let body = try request.decodeJSON(UserChange.self)
        let user = try store.updateUser(id: try request.intParameter("id"), role: body.role, disabled: body.disabled,
                                           by: context.attribution)
        return try .json(UserDTO(user))
    }

    /// PUT /api/v1/users/{id}/password. Ends the user's sessions, so cookies die with the old password.
    func changePassword(_ request: Request, _ context: AccountContext) throws -> Response {
        let body = try request.decodeJSON(PasswordChange.self)
        if context.isOwnAccount { try accounts.checkCurrentPassword(body.currentPassword, of: context.account) }
        try accounts.setPassword(userID: context.account.id, password: body.password, by: context.attribution)
        return .noContent()
    }
}
