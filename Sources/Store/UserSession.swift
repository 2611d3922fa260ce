// A browser sign-in: the cookie's secret is never stored, only its SHA-256.
import Foundation
import GRDB

public struct UserSession: Codable, Sendable, Equatable, SnakeCaseRecord {
    public static let databaseTableName = "sessions"
    public let id: Int64
    public var tokenHash: String
    public var userId: Int64
    public var createdAt: Date
    public var expiresAt: Date
    public var remoteAddress: String
    public var userAgent: String
}
