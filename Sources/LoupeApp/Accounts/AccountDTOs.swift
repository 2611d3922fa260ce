// The JSON shapes of users and API tokens.
import Domain
import Foundation
import Store
import Web

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
    /// The only model this token may serve, if it is limited to one.
    let serveModel: String?

    init(_ token: APIToken, serveModel: String? = nil) {
        self.serveModel = serveModel
        id = token.id
        userId = token.userId
        name = token.name
        prefix = token.displayPrefix
        createdAt = token.createdAt
        lastUsedAt = token.lastUsedAt
        revokedAt = token.revokedAt
    }
}
