// Webhooks: admins add and remove them; registry writes queue a delivery for each interested one in
// their own transaction; worker processes claim due deliveries, send them, and record the outcome.
import Domain
import Foundation

extension AppDatabase {
    /// Attempts before a delivery is given up: about two minutes of doubling waits.
    public static let webhookAttempts = 8

    public func createWebhook(url: String, events: [String], description: String, allowPrivate: Bool, by who: Attribution) throws -> Webhook {
        let unknown = events.filter { $0 != "*" && !RegistryEvent.names.contains($0) }
        guard !events.isEmpty, unknown.isEmpty else {
            throw StoreError.invalid(field: "events", message: unknown.isEmpty ? "Choose at least one event, or * for all."
                                        : "Unknown event \(unknown[0]); events are * or \(RegistryEvent.names.joined(separator: ", ")).")
        }
        let eventsJSON = String(decoding: try JSONEncoder().encode(events), as: UTF8.self)
        return try write { db in
            let webhook = try Webhook.fetchOne(db, literal: """
                INSERT INTO webhooks (url, events, description, allow_private, created_by_name, created_at)
                VALUES (\(url), \(eventsJSON), \(description), \(allowPrivate), \(who.username), \(Date())) RETURNING *
                """)!
            try Self.appendAudit(db, by: who, action: "webhook.created", target: "webhook:\(webhook.id)",
                                 detail: "\(url) for \(events.joined(separator: ", "))" + (allowPrivate ? ", private targets allowed" : ""))
            return webhook
        }
    }

    public func deleteWebhook(id: Int64, by who: Attribution) throws {
        try write { db in
            guard let webhook = try Webhook.fetchOne(db, literal: "SELECT * FROM webhooks WHERE id = \(id)") else { throw StoreError.notFound(entity: "webhook") }
            try db.execute(literal: "DELETE FROM webhooks WHERE id = \(id)")
            try Self.appendAudit(db, by: who, action: "webhook.deleted", target: "webhook:\(id)", detail: webhook.url)
        }
    }

    public func webhooks() throws -> [Webhook] {
        try lookup { db in try Webhook.fetchAll(db, literal: "SELECT * FROM webhooks ORDER BY id") }
    }

    public func webhook(id: Int64) throws -> Webhook? {
        try lookup { db in try Webhook.fetchOne(db, literal: "SELECT * FROM webhooks WHERE id = \(id)") }
    }

    /// The webhook's latest deliveries, newest first.
    public func webhookDeliveries(webhookID: Int64, limit: Int = 50) throws -> [WebhookDelivery] {
        try read { db in
            try WebhookDelivery.fetchAll(db, literal: "SELECT * FROM webhook_deliveries WHERE webhook_id = \(webhookID) ORDER BY id DESC LIMIT \(limit)")
        }
    }

    /// Queues a ping to one webhook (its "send a test" button).
    public func pingWebhook(id: Int64, by who: Attribution) throws {
        try write { db in
            guard let webhook = try Webhook.fetchOne(db, literal: "SELECT * FROM webhooks WHERE id = \(id)") else { throw StoreError.notFound(entity: "webhook") }
            try Self.queueDelivery(db, to: webhook, RegistryEvent("webhook", "ping", ["message": .text("A test from Loupe, sent by \(who.username).")]))
        }
    }

    /// Takes up to `limit` deliveries that are due (or whose sender died mid-send) for `owner`.
    public func claimWebhookDeliveries(owner: String, limit: Int, now: Date = Date(), leaseSeconds: TimeInterval = 60) throws -> [(WebhookDelivery, Webhook)] {
        try write { db in
            let claimed = try WebhookDelivery.fetchAll(db, literal: """
                UPDATE webhook_deliveries SET state = 'sending', lease_owner = \(owner), lease_until = \(now.addingTimeInterval(leaseSeconds))
                WHERE id IN (SELECT id FROM webhook_deliveries
                             WHERE (state = 'pending' AND next_attempt_at <= \(now)) OR (state = 'sending' AND lease_until < \(now))
                             ORDER BY id LIMIT \(limit))
                RETURNING *
                """)
            return try claimed.compactMap { delivery in
                try Webhook.fetchOne(db, literal: "SELECT * FROM webhooks WHERE id = \(delivery.webhookId)").map { (delivery, $0) }
            }
        }
    }

    /// Records one attempt: a 2xx delivers it; anything else waits 1, 2, 4 … seconds for the next,
    /// until the last attempt fails it.
    public func recordWebhookAttempt(id: Int64, owner: String, status: Int?, error: String, now: Date = Date()) throws {
        try write { db in
            guard let delivery = try WebhookDelivery.fetchOne(db, literal: """
                SELECT * FROM webhook_deliveries WHERE id = \(id) AND state = 'sending' AND lease_owner = \(owner)
                """) else { return }
            let attempts = delivery.attempts + 1
            let delivered = (200..<300).contains(status ?? 0)
            let state = delivered ? "delivered" : attempts >= Self.webhookAttempts ? "failed" : "pending"
            let wait = Double(1 << min(attempts - 1, 12))
            try db.execute(literal: """
                UPDATE webhook_deliveries SET state = \(state), attempts = \(attempts), last_status = \(status), last_error = \(String(error.prefix(500))),
                    next_attempt_at = \(now.addingTimeInterval(wait)), lease_owner = NULL, lease_until = NULL,
                    delivered_at = \(delivered ? now : nil)
                WHERE id = \(id)
                """)
        }
    }

    // MARK: - Inside a write

    /// Queues `event` for every enabled webhook that asked for it (none: one cheap read).
    static func emit(_ db: StoreConnection, _ event: RegistryEvent) throws {
        for webhook in try Webhook.fetchAll(db, literal: "SELECT * FROM webhooks WHERE enabled") where webhook.wants(event.name) {
            try queueDelivery(db, to: webhook, event)
        }
    }

    private static func queueDelivery(_ db: StoreConnection, to webhook: Webhook, _ event: RegistryEvent) throws {
        let now = Date()
        try db.execute(literal: """
            INSERT INTO webhook_deliveries (webhook_id, delivery_uuid, event, payload, next_attempt_at, created_at)
            VALUES (\(webhook.id), \(UUID().uuidString.lowercased()), \(event.name), \(event.payload(at: now)), \(now), \(now))
            """)
    }
}
