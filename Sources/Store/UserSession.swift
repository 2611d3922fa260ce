// A browser sign-in: the cookie's secret is never stored, only its SHA-256.
import Foundation

public struct UserSession: Sendable, Equatable {
    public let id: Int64
    public var tokenHash: String
    public var userId: Int64
    public var createdAt: Date
    public var expiresAt: Date
    public var remoteAddress: String
    public var userAgent: String
}

extension UserSession: RowDecodable {
    /// Decoded by column name: several times faster than `Decodable` on the request path.
    init(row: SQLRow) throws {
        id = row["id"]
        tokenHash = row["token_hash"]
        userId = row["user_id"]
        createdAt = row["created_at"]
        expiresAt = row["expires_at"]
        remoteAddress = row["remote_address"]
        userAgent = row["user_agent"]
    }
}

extension UserSession: RowPositional {
    static let columns = ["id", "token_hash", "user_id", "created_at", "expires_at", "remote_address", "user_agent"]

    init(row: SQLRow, at first: Int) throws {
        id = row[first]
        tokenHash = row[first + 1]
        userId = row[first + 2]
        createdAt = row[first + 3]
        expiresAt = row[first + 4]
        remoteAddress = row[first + 5]
        userAgent = row[first + 6]
    }
}
