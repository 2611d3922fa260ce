// Projects in the store: names, archive, who sees what, members.
import Domain
import Foundation
import Testing
@testable import Store

@Suite struct ProjectStoreTests {
    let database: AppDatabase
    let admin: User, annotator: User, data: User

    init() throws {
        database = try AppDatabase.openTemporary()
        admin = try database.createUser(username: "root", passwordHash: "h", role: .admin, by: .commandLine)
        annotator = try database.createUser(username: "ann", passwordHash: "h", role: .annotator, by: .commandLine)
        data = try database.createUser(username: "dat", passwordHash: "h", role: .data, by: .commandLine)
    }

    @Test func namesAreTrimmedUniqueAndChecked() throws {
        let project = try database.createProject(name: "  Birds  ", description: "", by: .commandLine)
        #expect(project.name == "Birds")
        #expect(throws: StoreError.duplicate(field: "name", value: "birds")) {
            try database.createProject(name: "birds", description: "", by: .commandLine)
        }
        #expect(throws: StoreError.invalid(field: "name", message: ProjectName.rule)) {
            try database.createProject(name: "   ", description: "", by: .commandLine)
        }
        #expect(throws: StoreError.invalid(field: "name", message: ProjectName.rule)) {
            try database.updateProject(id: project.id, name: String(repeating: "x", count: 101), description: nil, archived: nil, by: .commandLine)
        }
    }

    @Test func annotatorsSeeOnlyTheirProjects() throws {
        // Given two projects, the annotator a member of one
        let mine = try database.createProject(name: "Mine", description: "", by: .commandLine)
        let other = try database.createProject(name: "Other", description: "", by: .commandLine)
        _ = try database.setProjectMember(projectID: mine.id, userID: annotator.id, role: .annotator, by: .commandLine)
        // Then they see that one only; admins and the data team see both
        #expect(try database.visibleProjects(for: annotator).map(\.name) == ["Mine"])
        #expect(try database.visibleProject(id: other.id, for: annotator) == nil)
        #expect(try database.visibleProject(id: mine.id, for: annotator)?.id == mine.id)
        #expect(try database.visibleProjects(for: data).count == 2)
        #expect(try database.visibleProjects(for: admin).count == 2)
    }

    @Test func archivedProjectsLeaveTheListButStayReachable() throws {
        let project = try database.createProject(name: "Old", description: "", by: .commandLine)
        let archived = try database.updateProject(id: project.id, name: nil, description: nil, archived: true, by: .commandLine)
        #expect(archived.archived)
        #expect(try database.visibleProjects(for: admin).isEmpty)
        #expect(try database.visibleProjects(for: admin, includeArchived: true).count == 1)
        #expect(try database.auditLog().first?.detail == "archived")
    }

    @Test func membersAreUpsertedAndRemoved() throws {
        let project = try database.createProject(name: "P", description: "", by: .commandLine)
        _ = try database.setProjectMember(projectID: project.id, userID: annotator.id, role: .annotator, by: .commandLine)
        let promoted = try database.setProjectMember(projectID: project.id, userID: annotator.id, role: .reviewer, by: .commandLine)
        #expect(promoted.role == .reviewer && promoted.username == "ann")
        #expect(try database.projectMembers(projectID: project.id).count == 1)
        try database.removeProjectMember(projectID: project.id, userID: annotator.id, by: .commandLine)
        #expect(try database.projectMembers(projectID: project.id).isEmpty)
        #expect(throws: StoreError.notFound(entity: "member")) {
            try database.removeProjectMember(projectID: project.id, userID: annotator.id, by: .commandLine)
        }
        #expect(throws: StoreError.notFound(entity: "project")) {
            try database.setProjectMember(projectID: 999, userID: annotator.id, role: .annotator, by: .commandLine)
        }
    }
}
