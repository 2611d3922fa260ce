// Who may see and manage a project, and the role a caller acts in there: the rules behind every
// project route's access declaration (LoupeApp/Routing) and every project list.

public enum ProjectAccess {
    /// Admins and the data team see every project; annotators and reviewers only those they belong to.
    public static func canSee(role: Role, isMember: Bool) -> Bool {
        role >= .data || isMember
    }

    /// Creating, renaming, archiving projects, their labels, jobs and members: a global role.
    public static func canManage(role: Role) -> Bool {
        role >= .data
    }

    /// The role a caller acts in within a project they see: the higher of their global role and their
    /// membership's. Adding images needs data here, accepting and rejecting work needs reviewer.
    public static func role(global: Role, member: Role?) -> Role {
        max(global, member ?? .annotator)
    }
}
