// A labelling project: the unit images, labels and members belong to.
import Domain
import Foundation

public struct Project: Sendable, Equatable {
    public let id: Int64
    public var name: String
    public var description: String
    public var archived: Bool
    public var createdBy: Int64?
    public var createdAt: Date
}

/// A user's place in a project: the role they work in there.
public struct ProjectMember: Sendable, Equatable {
    public let projectId: Int64
    public let userId: Int64
    public let username: String
    public let role: Role
    public let addedAt: Date
}

extension Project: RowDecodable {
    init(row: SQLRow) throws {
        id = row["id"]
        name = row["name"]
        description = row["description"]
        archived = row["archived"]
        createdBy = row["created_by"]
        createdAt = row["created_at"]
    }
}

extension ProjectMember: RowDecodable {
    init(row: SQLRow) throws {
        projectId = row["project_id"]
        userId = row["user_id"]
        username = row["username"]
        role = try Role(databaseValue: row["role"])
        addedAt = row["added_at"]
    }
}

