// Projects and their members: create, rename, archive, list what a user may see, manage members.
import Domain
import Foundation

extension AppDatabase {
    public func createProject(name rawName: String, description: String, by who: Attribution) throws -> Project {
        let name = try Self.validProjectName(rawName)
        return try write { db in
            let project: Project
            do {
                project = try Project.fetchOne(
                    db,
                    literal: """
                        INSERT INTO projects (name, description, archived, created_by, created_at)
                        VALUES (\(name), \(description), FALSE, \(who.userID), \(Date())) RETURNING *
                        """)!
            } catch SQLFailure.uniqueViolation {
                throw StoreError.duplicate(field: "name", value: name)
            }
            try Self.appendAudit(db, by: who, action: "project.created", target: "project:\(project.id)", detail: name)
            return project
        }
    }

    public func project(id: Int64) throws -> Project? {
        try lookup { db in try Project.fetchOne(db, literal: "SELECT * FROM projects WHERE id = \(id)") }
    }

    /// The projects a user may see, newest first: all of them for admins and the data team,
    /// otherwise those they are a member of. Archived ones only when asked for.
    public func visibleProjects(for user: User, includeArchived: Bool = false) throws -> [Project] {
        try read { db in
            let archived = includeArchived ? 1 : 0
            if ProjectAccess.canSee(role: user.role, isMember: false) {
                return try Project.fetchAll(
                    db, literal: "SELECT * FROM projects WHERE archived <= \(archived) ORDER BY id DESC")
            }
            return try Project.fetchAll(
                db,
                literal: """
                    SELECT projects.* FROM projects
                    JOIN project_members ON project_members.project_id = projects.id
                    WHERE project_members.user_id = \(user.id) AND archived <= \(archived)
                    ORDER BY projects.id DESC
                    """)
        }
    }

    /// The project if `user` may see it; nil both when it does not exist and when it is not theirs,
    /// so outsiders cannot probe which projects exist.
    public func visibleProject(id: Int64, for user: User) throws -> Project? {
        try visibleProjectMembership(id: id, for: user)?.project
    }

    /// The project if `user` may see it, with the role they hold in it as a member (nil for non-members).
    /// One statement (every project route resolves its project through it).
    public func visibleProjectMembership(id: Int64, for user: User) throws -> VisibleProject? {
        try lookup { db -> VisibleProject? in
            guard let row = try SQLRow.fetchOne(db, literal: """
                SELECT p.*, m.role AS member_role FROM projects p
                LEFT JOIN project_members m ON m.project_id = p.id AND m.user_id = \(user.id)
                WHERE p.id = \(id)
                """) else { return nil }
            let project = try Project(row: row)
            let memberRole = try (row["member_role"] as String?).map { try Role(databaseValue: $0) }
            guard ProjectAccess.canSee(role: user.role, isMember: memberRole != nil) else { return nil }
            return VisibleProject(project: project, memberRole: memberRole)
        }
    }

    /// Renames and/or archives; each change is audited.
    public func updateProject(id: Int64, name rawName: String?, description: String?, archived: Bool?, by who: Attribution) throws -> Project {
        let name = try rawName.map(Self.validProjectName)
        return try write { db in
            guard var project = try Project.fetchOne(db, literal: "SELECT * FROM projects WHERE id = \(id)") else {
                throw StoreError.notFound(entity: "project")
            }
            var changes: [String] = []
            if let name, name != project.name {
                changes.append("renamed “\(project.name)” → “\(name)”")
                project.name = name
            }
            if let description, description != project.description {
                changes.append("description changed")
                project.description = description
            }
            if let archived, archived != project.archived {
                changes.append(archived ? "archived" : "unarchived")
                project.archived = archived
            }
            guard !changes.isEmpty else { return project }
            do {
                try db.execute(
                    literal: """
                        UPDATE projects SET name = \(project.name), description = \(project.description),
                        archived = \(project.archived) WHERE id = \(id)
                        """)
            } catch SQLFailure.uniqueViolation {
                throw StoreError.duplicate(field: "name", value: project.name)
            }
            try Self.appendAudit(db, by: who, action: "project.updated", target: "project:\(id)",
                                 detail: changes.joined(separator: ", "))
            return project
        }
    }

    static func validProjectName(_ raw: String) throws -> String {
        guard let name = ProjectName.normalised(raw) else { throw StoreError.invalid(field: "name", message: ProjectName.rule) }
        return name
    }

    public func projectMembers(projectID: Int64) throws -> [ProjectMember] {
        try read { db in
            try ProjectMember.fetchAll(
                db,
                literal: """
                    SELECT project_members.*, users.username FROM project_members
                    JOIN users ON users.id = project_members.user_id
                    WHERE project_id = \(projectID) ORDER BY \(db.dialect.caseInsensitive("users.username"))
                    """)
        }
    }

    /// Adds a member or changes their role in the project.
    public func setProjectMember(projectID: Int64, userID: Int64, role: Role, by who: Attribution) throws -> ProjectMember {
        try write { db in
            guard try Int.fetchOne(db, literal: "SELECT 1 FROM projects WHERE id = \(projectID)") != nil else {
                throw StoreError.notFound(entity: "project")
            }
            guard let user = try User.fetchOne(db, literal: "SELECT * FROM users WHERE id = \(userID)") else {
                throw StoreError.notFound(entity: "user")
            }
            try db.execute(
                literal: """
                    INSERT INTO project_members (project_id, user_id, role, added_at)
                    VALUES (\(projectID), \(userID), \(role.rawValue), \(Date()))
                    ON CONFLICT (project_id, user_id) DO UPDATE SET role = excluded.role
                    """)
            try Self.appendAudit(db, by: who, action: "project.member_set", target: "project:\(projectID)",
                                 detail: "\(user.username) as \(role.rawValue)")
            return try ProjectMember.fetchOne(
                db,
                literal: """
                    SELECT project_members.*, users.username FROM project_members JOIN users ON users.id = user_id
                    WHERE project_id = \(projectID) AND user_id = \(userID)
                    """)!
        }
    }

    public func removeProjectMember(projectID: Int64, userID: Int64, by who: Attribution) throws {
        try write { db in
            try db.execute(literal: "DELETE FROM project_members WHERE project_id = \(projectID) AND user_id = \(userID)")
            guard db.changesCount > 0 else { throw StoreError.notFound(entity: "member") }
            try Self.appendAudit(db, by: who, action: "project.member_removed", target: "project:\(projectID)",
                                 detail: "user \(userID)")
        }
    }
}
