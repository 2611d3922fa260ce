// /auth/account: your own password and API tokens, as plain forms.
import Auth
import Domain
import Store
import Web

struct AccountPageController: Sendable {
    let authenticator: Authenticator
    let store: any AccountStore
    var accounts: Accounts { authenticator.accounts }

    func addRoutes(to routes: inout RouteTable) {
        routes.add(.GET, "/auth/account", access: .signedIn, options: .page, showAccountPage)
        routes.add(.POST, "/auth/account/tokens", access: .signedIn, options: .page, createTokenFromPage)
        routes.add(.POST, "/auth/account/tokens/{id}/revoke", access: .ownTokenOrAdmin, options: .page, revokeTokenFromPage)
        routes.add(.POST, "/auth/account/password", access: .signedIn, options: .page, changePasswordFromPage)
    }

    func showAccountPage(_ request: Request, _ context: UserContext) throws -> Response {
        return try renderAccountPage(context.principal, notice: request.query["done"])
    }

    /// Renders the new token's secret in the response itself, once; it is never stored or redirected.
    func createTokenFromPage(_ request: Request, _ context: UserContext) throws -> Response {
        let form = try request.formFields()
        return try PageLayout.handleForm({ try renderAccountPage(context.principal, error: $0) }) {
            let scope = (form["serve_model"] ?? "").isEmpty ? nil
                : try TokenController.servedModel(named: form["serve_model"] ?? "", for: context.principal, store: store)
            let (secret, token) = try accounts.createToken(userID: context.principal.user.id, name: form["name"] ?? "",
                                                            scopeModelID: scope?.id, by: context.attribution)
            return try renderAccountPage(context.principal, newSecret: (token.name, secret))
        }
    }

    func revokeTokenFromPage(_ request: Request, _ context: TokenContext) throws -> Response {
        try PageLayout.handleForm({ try renderAccountPage(context.principal, error: $0) }) {
            let token = context.token
            try store.revokeAPIToken(id: token.id, by: context.attribution)
            return .redirect(to: "/auth/account?done=\(FormFields.encodeComponent("Token “\(token.name)” revoked."))")
        }
    }

    /// Changing your password ends all your sessions, this one included, so you log in again.
    func changePasswordFromPage(_ request: Request, _ context: UserContext) throws -> Response {
        let form = try request.formFields()
        return try PageLayout.handleForm({ try renderAccountPage(context.principal, error: $0) }) {
            guard form["password"] == form["password_again"] else {
                throw HTTPError(HTTPStatus.unprocessable, code: "invalid_field",
                                message: "The two new passwords differ.", field: "password_again")
            }
            try accounts.checkCurrentPassword(form["current_password"], of: context.principal.user)
            try accounts.setPassword(userID: context.principal.user.id, password: form["password"] ?? "",
                                     by: context.attribution)
            var response = Response.redirect(to: "/login.html?password_changed=1")
            response.addHeader("Set-Cookie", authenticator.sessionCookie(secret: "", maxAge: 0))
            return response
        }
    }

    /// The data team and admins may limit a token to serving one model (for an application).
    private func scopeChoice(_ principal: Principal) throws -> HTML {
        guard principal.has(.data) else { return .empty }
        let models = try store.modelSummaries().map(\.model)
        guard !models.isEmpty else { return .empty }
        let options = models.map { model -> HTML in "<option value=\"\(model.name)\">serving \(model.name) only</option>" }
        return "<label>May call <select name=\"serve_model\"><option value=\"\">everything you can</option>\(options)</select></label>"
    }

    private func renderAccountPage(_ principal: Principal, error: HTTPError? = nil, notice: String? = nil,
                                   newSecret: (name: String, secret: String)? = nil) throws -> Response {
        let csrf = PageLayout.csrfField(principal)
        let tokens = try store.apiTokens(userID: principal.user.id)
        let rows = try tokens.map { token -> HTML in
            let revoke: HTML = token.revokedAt == nil
                ? """
                  <form method="post" action="/auth/account/tokens/\(token.id)/revoke" class="inline">\(csrf)<button>Revoke</button></form>
                  """
                : "revoked \(PageLayout.time(token.revokedAt))"
            let scope: HTML = try token.scopeModelId.map { id in "serving \(try store.registeredModel(id: id)?.name ?? "a deleted model") only" } ?? "everything you can"
            return """
                <tr><td>\(token.name)</td><td><code>\(token.displayPrefix)…</code></td><td>\(scope)</td>\
                <td>\(PageLayout.time(token.createdAt))</td><td>\(PageLayout.time(token.lastUsedAt))</td><td>\(revoke)</td></tr>

                """
        }
        let secretBox = newSecret.map { created -> HTML in
            """
            <div class="notice" role="status">
              <p>New token “\(created.name)”. Copy it now; it will not be shown again:</p>
              <p><code class="secret">\(created.secret)</code></p>
              <p>Use it as <code>Authorization: Bearer &lt;token&gt;</code>.</p>
            </div>
            """
        } ?? .empty
        return PageLayout.render(title: "Account", status: error?.status ?? 200, body: """
            \(PageLayout.noticeBox(notice))
            \(PageLayout.errorBox(error))
            \(secretBox)
            <p>Signed in as <strong>\(principal.user.username)</strong> (\(principal.user.role.rawValue)).</p>
            <h2>API tokens</h2>
            <table>
              <thead><tr><th>Name</th><th>Starts with</th><th>May call</th><th>Created</th><th>Last used</th><th></th></tr></thead>
              <tbody>\(rows.isEmpty ? "<tr><td colspan=\"6\">No tokens yet.</td></tr>" : rows.joined())</tbody>
            </table>
            <form method="post" action="/auth/account/tokens" class="inline">\(csrf)
              <label>Name <input name="name" required maxlength="100" placeholder="e.g. export script"></label>
              \(try scopeChoice(principal))
              <button>Create token</button>
            </form>
            <h2>Change password</h2>
            <form method="post" action="/auth/account/password" class="stacked">\(csrf)
              <label>Current password <input name="current_password" type="password" required autocomplete="current-password"></label>
              <label>New password <input name="password" type="password" required minlength="8" autocomplete="new-password"></label>
              <label>New password again <input name="password_again" type="password" required minlength="8" autocomplete="new-password"></label>
              <button>Change password</button>
            </form>
            """)
    }
}
