// Users over the API: admins list, create, change role or disable; anyone may change their own password.
import Auth
import Domain
import Store
import Web

extension AppContext {
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
        try .json(["users": try database.users().map(UserDTO.init)])
    }

    func showUser(_ request: Request, _ context: UserContext) throws -> Response {
        guard let user = try database.user(id: try request.intParameter("id")) else { throw HTTPError.notFound("No such user.") }
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
        let user = try database.updateUser(id: try request.intParameter("id"), role: body.role, disabled: body.disabled,
                                           by: context.attribution)
        return try .json(UserDTO(user))
    }

    /// PUT /api/v1/users/{id}/password. Ends the user's sessions, so cookies die with the old password.
    func changePassword(_ request: Request, _ context: AccountContext) throws -> Response {
        let body = try request.decodeJSON(PasswordChange.self)
        if context.isOwnAccount { try checkCurrentPassword(body.currentPassword, of: context.account) }
        try accounts.setPassword(userID: context.account.id, password: body.password, by: context.attribution)
        return .noContent()
    }

    /// Changing your own password proves the current one, so a borrowed session cannot lock you out.
    func checkCurrentPassword(_ given: String?, of user: User) throws {
        guard let given, accounts.verifyPassword(given, of: user) else {
            throw HTTPError(HTTPStatus.forbidden, code: "wrong_password",
                            message: "Your current password is not right.", field: "current_password")
        }
    }
}
