// Who may see and manage a project: the rule every project route and file download applies.

public enum ProjectAccess {
    /// Admins and the data team see every project; annotators and reviewers only those they belong to.
    public static func canSee(role: Role, isMember: Bool) -> Bool {
        role >= .data || isMember
    }

    /// Adding images: the data team and admins, or members who work in the project in such a role.
    public static func canUpload(role: Role, memberRole: Role?) -> Bool {
        role >= .data || (memberRole ?? .annotator) >= .data
    }

    /// Creating, renaming, archiving projects and managing their members.
    public static func canManage(role: Role) -> Bool {
        role >= .data
    }
}

extension ProjectAccess {
    /// Accepting and rejecting submitted work: reviewers and up, globally or in the project.
    public static func canReview(role: Role, memberRole: Role?) -> Bool {
        role >= .reviewer || (memberRole ?? .annotator) >= .reviewer
    }
}
