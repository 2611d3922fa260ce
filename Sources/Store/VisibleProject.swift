// A project as one user sees it: the project, and their membership role in it if they have one.
import Domain

public struct VisibleProject: Sendable {
    public let project: Project
    public let memberRole: Role?
}
