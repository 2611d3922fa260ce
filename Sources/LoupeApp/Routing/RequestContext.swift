// What a handler is handed once its route's access rule has passed: who calls, and what the path names.
import Auth
import Domain
import Store
import Web

/// The typed result of a route's access rule (see `Access`). A handler's second parameter says which
/// rule its route may use: a handler taking an `ImageContext` only fits an image rule.
public protocol RequestContext: Sendable {}

/// A route anyone may call: nothing is known about the caller.
public struct PublicContext: RequestContext {}

/// A signed-in caller whose CSRF token, if their credential needs one, has been checked or is awaited.
public struct UserContext: RequestContext {
    public let principal: Principal
    /// Who the audit log names for this request.
    public let attribution: Attribution
    /// For a streamed multipart form the token may still be on its way, as a field ahead of the files.
    let csrf: CSRFGate
}

/// Every context past sign-in names its caller.
public protocol SignedInContext: RequestContext {
    var caller: UserContext { get }
}

extension SignedInContext {
    public var principal: Principal { caller.principal }
    public var user: User { caller.principal.user }
    public var attribution: Attribution { caller.attribution }
}

extension UserContext: SignedInContext {
    public var caller: UserContext { self }
}

/// A project named by the path that the caller may see, and the role they act in there.
public struct ProjectContext: SignedInContext {
    public let caller: UserContext
    public let project: Project
    /// The higher of the caller's global role and their membership's.
    public let role: Role

    /// Accepting and rejecting work, and editing what is under review.
    public var canReview: Bool { role >= .reviewer }
}

/// Contexts for a resource that belongs to one project (an image, a label, a job).
public protocol InProjectContext: SignedInContext {
    var inProject: ProjectContext { get }
}

extension InProjectContext {
    public var caller: UserContext { inProject.caller }
    public var project: Project { inProject.project }
    public var role: Role { inProject.role }
    public var canReview: Bool { inProject.canReview }
}

public struct ImageContext: InProjectContext {
    public let inProject: ProjectContext
    public let image: ImageRecord
}

public struct LabelContext: InProjectContext {
    public let inProject: ProjectContext
    public let label: Label
}

public struct JobContext: InProjectContext {
    public let inProject: ProjectContext
    public let job: Job
}

/// A model version the caller may see (through its project, or as the data team).
public struct ModelVersionContext: SignedInContext {
    public let caller: UserContext
    public let version: ModelVersion
}

/// A served model named by the path, and what answers it now.
public struct ServeContext: SignedInContext {
    public let caller: UserContext
    public let target: ServingTarget
    /// A project of the caller's, for inputs that name its images (404 for one they may not see).
    let project: @Sendable (Int64) throws -> ProjectContext
}

/// A user account named by the path: the caller's own, or anyone's for an admin.
public struct AccountContext: SignedInContext {
    public let caller: UserContext
    public let account: User

    public var isOwnAccount: Bool { account.id == caller.principal.user.id }
}

/// An API token named by the path: one of the caller's, or anyone's for an admin.
public struct TokenContext: SignedInContext {
    public let caller: UserContext
    public let token: APIToken
}
