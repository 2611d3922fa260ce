// A webhook and one delivery of an event to it.
import Foundation

public struct Webhook: Sendable, Equatable {
    public let id: Int64
    public let url: String
    /// Event names, or ["*"] for all.
    public let events: [String]
    public let description: String
    public let enabled: Bool
    /// An admin let it reach loopback and private addresses.
    public let allowPrivate: Bool
    public let createdByName: String
    public let createdAt: Date

    public func wants(_ event: String) -> Bool { enabled && (events.contains("*") || events.contains(event)) }
}

extension Webhook: RowDecodable {
    init(row: SQLRow) throws {
        id = row["id"]
        url = row["url"]
        let text: String = row["events"]
        events = (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
        description = row["description"]
        enabled = row["enabled"]
        allowPrivate = row["allow_private"]
        createdByName = row["created_by_name"]
        createdAt = row["created_at"]
    }
}

public struct WebhookDelivery: Sendable, Equatable {
    public enum State: String, Sendable { case pending, sending, delivered, failed }

    public let id: Int64
    public let webhookId: Int64
    /// Sent as the delivery id header, and signed.
    public let deliveryUUID: String
    public let event: String
    public let payload: String
    public let state: State
    public let attempts: Int
    public let nextAttemptAt: Date
    public let lastStatus: Int?
    public let lastError: String
    public let createdAt: Date
    public let deliveredAt: Date?
}

extension WebhookDelivery: RowDecodable {
    init(row: SQLRow) throws {
        id = row["id"]
        webhookId = row["webhook_id"]
        deliveryUUID = row["delivery_uuid"]
        event = row["event"]
        payload = row["payload"]
        state = State(rawValue: row["state"]) ?? .failed
        attempts = row["attempts"]
        nextAttemptAt = row["next_attempt_at"]
        lastStatus = row["last_status"]
        lastError = row["last_error"]
        createdAt = row["created_at"]
        deliveredAt = row["delivered_at"]
    }
}
