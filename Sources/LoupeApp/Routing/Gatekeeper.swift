// The one piece of code behind every access rule: resolves the caller (session or token), checks the
// CSRF token and roles, and loads what the path names under the visibility rule — 404 for what the
// caller may not see, 403 for what they see but may not do.
import Auth
import Domain
import Store
import Web

public struct Gatekeeper: Sendable {
    let store: any AccessStore
    let authenticator: Authenticator
    let options: RouteOptions

    // MARK: - The caller

    /// `servingModel`: the model a serving route names, which a token limited to one model may call.
    func caller(_ request: Request, role: Role = .annotator, servingModel: Int64? = nil) throws -> UserContext {
        guard let principal = try authenticator.authenticate(request) else {
            if options.contains(.page) || request.wantsHTML {
                let next = FormFields.encodeComponent(request.method == .GET ? request.path : "/")
                throw HTTPError(HTTPStatus.seeOther, code: "login_required", message: "Please log in.",
                                headers: ["Location": "/login.html?next=\(next)"])
            }
            throw HTTPError.unauthenticated
        }
        if case .token(let token) = principal.credential, let scope = token.scopeModelId, scope != servingModel {
            throw HTTPError(HTTPStatus.forbidden, code: "token_scope",
                            message: "This token may only call its model's serving endpoints (/api/v1/serve/…/predict).")
        }
        let csrf = try csrfGate(request, principal)
        guard principal.has(role) else {
            throw HTTPError.forbidden("This needs the \(role.rawValue) role; you are \(principal.user.role.rawValue).")
        }
        return UserContext(principal: principal, attribution: principal.attribution(request), csrf: csrf)
    }

    /// The CSRF policy, from the method and the credential: a cookie session's state-changing request
    /// carries its token as the `X-CSRF-Token` header or a `csrf_token` form field. A streamed multipart
    /// form may bring the field later; its reader settles the gate before any file is accepted.
    func csrfGate(_ request: Request, _ principal: Principal) throws -> CSRFGate {
        guard request.method.isUnsafe, case .session(let secret) = principal.credential else { return .passed }
        if CSRF.isValid(request.header(CSRFGate.header), forSession: secret) { return .passed }
        if options.contains(.multipartForm), Request.streamsBody(contentType: request.contentType) {
            return .awaitingField(sessionSecret: secret)
        }
        let field = request.contentType == "application/x-www-form-urlencoded" ? try? request.formFields()[CSRFGate.field] : nil
        guard CSRF.isValid(field, forSession: secret) else { throw CSRFGate.failed }
        return .passed
    }

    func requireLoopback(_ request: Request) throws -> PublicContext {
        guard Self.isLoopback(request.remoteAddress) else {
            throw HTTPError.forbidden("Metrics are served to this machine only (scrape through 127.0.0.1).")
        }
        return PublicContext()
    }

    static func isLoopback(_ address: String) -> Bool {
        address == "::1" || address.hasPrefix("127.") || address.hasPrefix("::ffff:127.")
    }

    // MARK: - Projects and what belongs to them

    func project(_ request: Request, _ rule: ProjectRule) throws -> ProjectContext {
        let caller = try managerCheck(request, rule)
        return try inProject(try request.intParameter("id"), caller: caller, rule: rule, missing: "project")
    }

    func image(_ request: Request, _ rule: ProjectRule) throws -> ImageContext {
        let caller = try managerCheck(request, rule)
        guard let image = try store.image(id: try request.intParameter("id")) else { throw HTTPError.notFound("No such image.") }
        return ImageContext(inProject: try inProject(image.projectId, caller: caller, rule: rule, missing: "image"), image: image)
    }

    func label(_ request: Request, _ rule: ProjectRule) throws -> LabelContext {
        let caller = try managerCheck(request, rule)
        guard let label = try store.label(id: try request.intParameter("id")) else { throw HTTPError.notFound("No such label.") }
        return LabelContext(inProject: try inProject(label.projectId, caller: caller, rule: rule, missing: "label"), label: label)
    }

    func job(_ request: Request, _ rule: ProjectRule) throws -> JobContext {
        let caller = try managerCheck(request, rule)
        guard let job = try store.job(id: try request.intParameter("id")) else { throw HTTPError.notFound("No such job.") }
        return JobContext(inProject: try inProject(job.projectId, caller: caller, rule: rule, missing: "job"), job: job)
    }

    /// Managing is a global role, so it is refused (403) before anything is looked up.
    private func managerCheck(_ request: Request, _ rule: ProjectRule) throws -> UserContext {
        let caller = try caller(request)
        if case .manager = rule, !ProjectAccess.canManage(role: caller.principal.user.role) {
            throw HTTPError.forbidden("This needs the data or admin role; you are \(caller.principal.user.role.rawValue).")
        }
        return caller
    }

    /// The project if the caller may see it (404 naming `missing` otherwise, so outsiders learn
    /// nothing), and a 403 when their role there is below the rule's.
    fileprivate func inProject(_ projectID: Int64, caller: UserContext, rule: ProjectRule, missing: String) throws -> ProjectContext {
        let user = caller.principal.user
        guard let visible = try store.visibleProjectMembership(id: projectID, for: user) else {
            throw HTTPError.notFound("No such \(missing).")
        }
        let role = ProjectAccess.role(global: user.role, member: visible.memberRole)
        if case .member(let needed) = rule, role < needed {
            throw HTTPError.forbidden("This needs the \(needed.rawValue) role in this project; you are \(role.rawValue) here.")
        }
        return ProjectContext(caller: caller, project: visible.project, role: role)
    }

    // MARK: - Registry and accounts

    func modelVersion(_ request: Request) throws -> ModelVersionContext {
        let caller = try caller(request)
        let user = caller.principal.user
        guard let version = try store.modelVersion(id: try request.intParameter("id")) else {
            throw HTTPError.notFound("No such model version.")
        }
        let visible = if let projectID = version.projectId {
            try store.visibleProjectMembership(id: projectID, for: user) != nil
        } else {
            user.role >= .data
        }
        guard visible else { throw HTTPError.notFound("No such model version.") }
        return ModelVersionContext(caller: caller, version: version)
    }

    /// The model `{model}` (`Name` or `Name@alias`) and what answers it now; the caller is the data
    /// team, or holds a token limited to this model.
    func servedModel(_ request: Request) throws -> ServeContext {
        let named = try request.stringParameter("model")
        let at = named.lastIndex(of: "@")
        let name = at.map { String(named[..<$0]) } ?? named
        let alias = at.map { String(named[named.index(after: $0)...]) }
        guard let target = try store.servingTarget(modelName: name, alias: alias) else {
            _ = try caller(request, role: .data)  // strangers learn nothing of which models exist
            throw HTTPError.notFound("No model named '\(name)'.")
        }
        let caller = try caller(request, role: .data, servingModel: target.modelId)
        let gate = self
        return ServeContext(caller: caller, target: target) { projectID in
            try gate.inProject(projectID, caller: caller, rule: .member(.annotator), missing: "project")
        }
    }

    func account(_ request: Request) throws -> AccountContext {
        let caller = try caller(request)
        let id = try request.intParameter("id")
        guard id == caller.principal.user.id || caller.principal.has(.admin) else {
            throw HTTPError.forbidden("Only admins can change another user's account.")
        }
        guard let account = try store.user(id: id) else { throw HTTPError.notFound("No such user.") }
        return AccountContext(caller: caller, account: account)
    }

    func token(_ request: Request) throws -> TokenContext {
        let caller = try caller(request)
        guard let token = try store.apiToken(id: try request.intParameter("id")),
              token.userId == caller.principal.user.id || caller.principal.has(.admin) else {
            throw HTTPError.notFound("No such token.")
        }
        return TokenContext(caller: caller, token: token)
    }
}
