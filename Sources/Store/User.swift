// A person who can sign in, with one role.
import Domain
import Foundation
import GRDB

public struct User: Codable, Sendable, Equatable, SnakeCaseRecord {
    public static let databaseTableName = "users"
    public let id: Int64
    public var username: String
    public var passwordHash: String
    public var role: Role
    public var disabled: Bool
    public var createdAt: Date
    public var passwordChangedAt: Date
}

extension Role: DatabaseValueConvertible {}
