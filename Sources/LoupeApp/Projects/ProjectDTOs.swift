// The JSON shapes of projects, their members and labels.
import Domain
import Foundation
import Store
import Web

struct ProjectDTO: Encodable {
    let id: Int64
    let name: String
    let description: String
    let archived: Bool
    let createdAt: Date
    /// Set on a single project's read: whether the caller may accept and reject its images.
    var canReview: Bool?

    init(_ project: Project) {
        id = project.id
        name = project.name
        description = project.description
        archived = project.archived
        createdAt = project.createdAt
    }
}

struct MemberDTO: Encodable {
    let userId: Int64
    let username: String
    let role: String
    let addedAt: Date

    init(_ member: ProjectMember) {
        userId = member.userId
        username = member.username
        role = member.role.rawValue
        addedAt = member.addedAt
    }
}

struct LabelDTO: Encodable {
    let id: Int64
    let projectId: Int64
    let name: String
    let color: String
    let hotkey: String?
    let suggestionThreshold: Double
    let attributes: [AttributeSpec]

    init(_ label: Label) {
        id = label.id
        projectId = label.projectId
        name = label.name
        color = label.color
        hotkey = label.hotkey
        suggestionThreshold = label.suggestionThreshold
        attributes = label.attributes
    }
}
