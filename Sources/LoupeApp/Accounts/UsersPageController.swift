// /admin/users: the admin's page to add users, change roles and disable accounts, as plain forms.
import Auth
import Domain
import Foundation
import Store
import Web

struct UsersPageController: Sendable {
    let accounts: Accounts
    let store: any AccountStore

    func addRoutes(to routes: inout RouteTable) {
        routes.add(.GET, "/admin/users", access: .role(.admin), options: .page, showUsersPage)
        routes.add(.POST, "/admin/users", access: .role(.admin), options: .page, createUserFromPage)
        routes.add(.POST, "/admin/users/{id}", access: .role(.admin), options: .page, updateUserFromPage)
    }

    func showUsersPage(_ request: Request, _ context: UserContext) throws -> Response {
        let notice = request.query["done"].map { "Saved: \($0)." }
        return try renderUsersPage(context.principal, notice: notice)
    }

    func createUserFromPage(_ request: Request, _ context: UserContext) throws -> Response {
        let form = try request.formFields()
        return try PageLayout.handleForm({ try renderUsersPage(context.principal, error: $0, draft: form) }) {
            guard let role = Role(rawValue: form["role"] ?? "") else {
                throw HTTPError(HTTPStatus.unprocessable, code: "invalid_field", message: "Choose a role.", field: "role")
            }
            let user = try accounts.createUser(
                username: form["username"]?.trimmingCharacters(in: .whitespaces) ?? "",
                password: form["password"] ?? "", role: role, by: context.attribution)
            return .redirect(to: "/admin/users?done=\(FormFields.encodeComponent("user \(user.username) added"))")
        }
    }

    func updateUserFromPage(_ request: Request, _ context: UserContext) throws -> Response {
        let form = try request.formFields()
        return try PageLayout.handleForm({ try renderUsersPage(context.principal, error: $0) }) {
            let role = try form["role"].map {
                guard let role = Role(rawValue: $0) else {
                    throw HTTPError(HTTPStatus.unprocessable, code: "invalid_field", message: "Choose a role.", field: "role")
                }
                return role
            }
            let user = try store.updateUser(
                id: try request.intParameter("id"), role: role, disabled: form["disabled"].map { $0 == "1" },
                by: context.attribution)
            return .redirect(to: "/admin/users?done=\(FormFields.encodeComponent("user \(user.username) updated"))")
        }
    }

    private func renderUsersPage(_ principal: Principal, error: HTTPError? = nil, draft: FormFields? = nil,
                                 notice: String? = nil) throws -> Response {
        let users = try store.users()
        let csrf = PageLayout.csrfField(principal)
        func roleOptions(selected: String?) -> HTML {
            Role.allCases.map { role -> HTML in
                "<option value=\"\(role.rawValue)\"\(role.rawValue == selected ? " selected" : "")>\(role.rawValue)</option>"
            }.joined()
        }
        let rows = users.map { user -> HTML in
            """
            <tr\(if: user.disabled, " class=\"disabled\"")>
              <td>\(user.username)</td>
              <td>
                <form method="post" action="/admin/users/\(user.id)" class="inline">\(csrf)
                  <label class="visually-hidden" for="role-\(user.id)">Role of \(user.username)</label>
                  <select id="role-\(user.id)" name="role">\(roleOptions(selected: user.role.rawValue))</select>
                  <button>Change role</button>
                </form>
              </td>
              <td>\(user.disabled ? "disabled" : "active")</td>
              <td>
                <form method="post" action="/admin/users/\(user.id)" class="inline">\(csrf)
                  <input type="hidden" name="disabled" value="\(user.disabled ? "0" : "1")">
                  <button class="\(user.disabled ? "secondary" : "danger")">\(user.disabled ? "Enable" : "Disable")</button>
                </form>
              </td>
              <td>\(PageLayout.time(user.createdAt))</td>
            </tr>

            """
        }
        let status = error?.status ?? 200
        return PageLayout.render(title: "Users", status: status, body: """
            \(PageLayout.noticeBox(notice))
            \(PageLayout.errorBox(error))
            <table>
              <thead><tr><th>Username</th><th>Role</th><th>State</th><th></th><th>Created</th></tr></thead>
              <tbody>\(rows.joined())</tbody>
            </table>
            <h2>Add a user</h2>
            <form method="post" action="/admin/users" class="stacked">\(csrf)
              <label>Username <input name="username" required maxlength="64" autocomplete="off" value="\(draft?["username"] ?? "")"></label>
              <label>Password <input name="password" type="password" required minlength="8" autocomplete="new-password"></label>
              <label>Role <select id="new-role" name="role">\(roleOptions(selected: draft?["role"] ?? Role.annotator.rawValue))</select></label>
              <button>Add user</button>
            </form>
            """)
    }
}
