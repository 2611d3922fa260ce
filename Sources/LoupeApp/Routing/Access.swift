// The access rules a route can declare, each resolving to its typed context. The route table states
// one per route; `Gatekeeper` is the code behind them all.
import Domain
import Web

/// Who may call a route, and what the handler then receives.
public struct Access<Context: RequestContext>: RouteAccess {
    public let summary: String
    let resolve: @Sendable (Request, Gatekeeper) throws -> Context
}

/// What a project rule asks of the caller in the project the path names.
public enum ProjectRule: Sendable, CustomStringConvertible {
    /// Sees the project, and holds at least this role in it (globally or as a member).
    case member(Role)
    /// Creates, changes and configures projects: a global rule (`ProjectAccess.canManage`).
    case manager

    public var description: String {
        switch self {
        case .member(let role): "member (\(role.rawValue))"
        case .manager: "manager (data team or admin)"
        }
    }
}

extension Access where Context == PublicContext {
    public static var anyone: Self { Self(summary: "anyone") { _, _ in PublicContext() } }

    /// Callers on this machine only (127.0.0.1 or ::1), signed in or not.
    public static var loopback: Self {
        Self(summary: "loopback only") { request, gate in try gate.requireLoopback(request) }
    }
}

extension Access where Context == UserContext {
    public static var signedIn: Self { Self(summary: "signed in") { request, gate in try gate.caller(request) } }

    /// Signed in with at least this global role.
    public static func role(_ role: Role) -> Self {
        Self(summary: "role \(role.rawValue)") { request, gate in try gate.caller(request, role: role) }
    }
}

extension Access where Context == ProjectContext {
    /// The project `{id}`.
    public static func project(_ rule: ProjectRule) -> Self {
        Self(summary: "project \(rule)") { request, gate in try gate.project(request, rule) }
    }
}

extension Access where Context == ImageContext {
    /// The project of image `{id}`.
    public static func image(_ rule: ProjectRule) -> Self {
        Self(summary: "image's project \(rule)") { request, gate in try gate.image(request, rule) }
    }
}

extension Access where Context == LabelContext {
    /// The project of label `{id}`.
    public static func label(_ rule: ProjectRule) -> Self {
        Self(summary: "label's project \(rule)") { request, gate in try gate.label(request, rule) }
    }
}

extension Access where Context == JobContext {
    /// The project of job `{id}`.
    public static func job(_ rule: ProjectRule) -> Self {
        Self(summary: "job's project \(rule)") { request, gate in try gate.job(request, rule) }
    }
}

extension Access where Context == ModelVersionContext {
    /// Model version `{id}`: through its project, or for the data team when it has none.
    public static var modelVersion: Self {
        Self(summary: "model version's project member") { request, gate in try gate.modelVersion(request) }
    }
}

extension Access where Context == ServeContext {
    /// Model `{model}` (or `{model}@{alias}`) served: the data team, or a token limited to that model.
    public static var servedModel: Self {
        Self(summary: "data team, or a token scoped to the model") { request, gate in try gate.servedModel(request) }
    }
}

extension Access where Context == AccountContext {
    /// User `{id}`: the caller's own account, or anyone's for an admin.
    public static var ownAccountOrAdmin: Self {
        Self(summary: "own account, or admin") { request, gate in try gate.account(request) }
    }
}

extension Access where Context == TokenContext {
    /// API token `{id}`: one of the caller's, or anyone's for an admin; others' look absent.
    public static var ownTokenOrAdmin: Self {
        Self(summary: "own token, or admin") { request, gate in try gate.token(request) }
    }
}
