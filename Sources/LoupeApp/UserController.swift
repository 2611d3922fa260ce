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

    func listUsers(_ request: Request) throws -> Response {
        try require(request, role: .admin)
        return try .json(["users": try database.users().map(UserDTO.init)])
    }

    func showUser(_ request: Request) throws -> Response {
        try require(request, role: .admin)
        guard let user = try database.user(id: try request.intParameter("id")) else { throw HTTPError.notFound("No such user.") }
        return try .json(UserDTO(user))
    }

    func createUser(_ request: Request) throws -> Response {
        let principal = try require(request, role: .admin)
        let body = try request.decodeJSON(NewUser.self)
        let user = try accounts.createUser(username: body.username, password: body.password, role: body.role,
                                           by: principal.attribution(request))
        return try .json(UserDTO(user), status: HTTPStatus.created)
    }

    func updateUser(_ request: Request) throws -> Response {
        let principal = try require(request, role: .admin)
        let body = try request.decodeJSON(UserChange.self)
        let user = try database.updateUser(id: try request.intParameter("id"), role: body.role, disabled: body.disabled,
                                           by: principal.attribution(request))
        return try .json(UserDTO(user))
    }

    /// PUT /api/v1/users/{id}/password. Ends the user's sessions, so cookies die with the old password.
    func changePassword(_ request: Request) throws -> Response {
        let principal = try require(request)
        let userID = try request.intParameter("id")
        let body = try request.decodeJSON(PasswordChange.self)
        try checkPasswordChangeAllowed(principal, userID: userID, currentPassword: body.currentPassword)
        try accounts.setPassword(userID: userID, password: body.password, by: principal.attribution(request))
        return .noContent()
    }

    /// Admins may set anyone's password; everyone else only their own, proving the current one.
    func checkPasswordChangeAllowed(_ principal: Principal, userID: Int64, currentPassword: String?) throws {
        if principal.user.id == userID {
            guard let currentPassword, accounts.verifyPassword(currentPassword, of: principal.user) else {
                throw HTTPError(HTTPStatus.forbidden, code: "wrong_password",
                                message: "Your current password is not right.", field: "current_password")
            }
        } else if !principal.has(.admin) {
            throw HTTPError.forbidden("Only admins can set another user's password.")
        } else if try database.user(id: userID) == nil {
            throw HTTPError.notFound("No such user.")
        }
    }
}
