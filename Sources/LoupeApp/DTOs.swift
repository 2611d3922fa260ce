// The JSON shapes of accounts, tokens and audit events. Secrets and hashes never appear here.
import Domain
import Foundation
import Store

struct UserDTO: Encodable {
    let id: Int64
    let username: String
    let role: String
    let disabled: Bool
    let createdAt: Date

    init(_ user: User) {
        id = user.id
        username = user.username
        role = user.role.rawValue
        disabled = user.disabled
        createdAt = user.createdAt
    }
}

struct TokenDTO: Encodable {
    let id: Int64
    let userId: Int64
    let name: String
    let prefix: String
    let createdAt: Date
    let lastUsedAt: Date?
    let revokedAt: Date?

    init(_ token: APIToken) {
        id = token.id
        userId = token.userId
        name = token.name
        prefix = token.displayPrefix
        createdAt = token.createdAt
        lastUsedAt = token.lastUsedAt
        revokedAt = token.revokedAt
    }
}

struct AuditEventDTO: Encodable {
    let id: Int64
    let at: Date
    let actor: String
    let action: String
    let target: String
    let detail: String
    let remoteAddress: String

    init(_ event: AuditEvent) {
        id = event.id
        at = event.at
        actor = event.actorName
        action = event.action
        target = event.target
        detail = event.detail
        remoteAddress = event.remoteAddress
    }
}

struct ProjectDTO: Encodable {
    let id: Int64
    let name: String
    let description: String
    let archived: Bool
    let createdAt: Date

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
