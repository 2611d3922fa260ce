// Webhooks: their management, and the outbox the sender drains.
import Domain
import Foundation

/// The webhook controller's and sender's view of the store.
public protocol WebhookStore: Sendable {
    func createWebhook(url: String, events: [String], description: String, allowPrivate: Bool, by who: Attribution) throws -> Webhook
    func deleteWebhook(id: Int64, by who: Attribution) throws
    func webhooks() throws -> [Webhook]
    func webhook(id: Int64) throws -> Webhook?
    func webhookDeliveries(webhookID: Int64, limit: Int) throws -> [WebhookDelivery]
    func pingWebhook(id: Int64, by who: Attribution) throws
    func claimWebhookDeliveries(owner: String, limit: Int, now: Date, leaseSeconds: TimeInterval) throws -> [(WebhookDelivery, Webhook)]
    func recordWebhookAttempt(id: Int64, owner: String, status: Int?, error: String, now: Date) throws
}

extension AppDatabase: WebhookStore {}
