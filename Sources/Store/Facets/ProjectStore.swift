// Projects and their members.
import Domain
import Foundation

/// The project controller's view of the store.
public protocol ProjectStore: Sendable {
    /// The projects a user may see, newest first: all of them for admins and the data team,
    /// otherwise those they are a member of. Archived ones only when asked for.
    func visibleProjects(for user: User, includeArchived: Bool) throws -> [Project]
    func createProject(name rawName: String, description: String, by who: Attribution) throws -> Project
    /// Renames and/or archives; each change is audited.
    func updateProject(id: Int64, name rawName: String?, description: String?, archived: Bool?, by who: Attribution) throws -> Project
    func projectMembers(projectID: Int64) throws -> [ProjectMember]
    /// Adds a member or changes their role in the project.
    func setProjectMember(projectID: Int64, userID: Int64, role: Role, by who: Attribution) throws -> ProjectMember
    func removeProjectMember(projectID: Int64, userID: Int64, by who: Attribution) throws
    func user(id: Int64) throws -> User?
    /// Usernames are matched case-insensitively.
    func user(named username: String) throws -> User?
}

extension AppDatabase: ProjectStore {}
