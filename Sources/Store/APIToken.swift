// A bearer token for scripts; stored as a hash, shown once at creation.
import Foundation
import GRDB

public struct APIToken: Codable, Sendable, Equatable, SnakeCaseRecord {
    public static let databaseTableName = "api_tokens"
    public let id: Int64
    public var userId: Int64
    public var name: String
    public var tokenHash: String
    /// The first characters of the secret, so people can tell their tokens apart.
    public var displayPrefix: String
    public var createdAt: Date
    public var lastUsedAt: Date?
    public var revokedAt: Date?
}
