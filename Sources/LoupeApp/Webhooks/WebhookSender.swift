// Drains the webhook outbox: each worker process claims due deliveries, signs and posts them through
// the address guard, and records the outcome (the store schedules retries with backoff).
import Auth
import Foundation
import Logging
import Monitoring
import Outbound
import Store

public final class WebhookSender: Sendable {
    let store: any WebhookStore
    let keys: WebhookKeys
    /// Names this process's claims, so a delivery another process is sending is not taken twice.
    let owner: String
    private let logger = Logger(label: "loupe.webhooks")

    init(store: any WebhookStore, keys: WebhookKeys, owner: String = "worker-\(getpid())") {
        (self.store, self.keys, self.owner) = (store, keys, owner)
    }

    /// Sends what is due; how many deliveries it tried.
    @discardableResult
    public func deliverDue(now: Date = Date()) -> Int {
        let claimed: [(WebhookDelivery, Webhook)]
        do {
            claimed = try store.claimWebhookDeliveries(owner: owner, limit: 10, now: now, leaseSeconds: 60)
        } catch {
            logger.error("webhook deliveries not claimed: \(error)")
            return 0
        }
        for (delivery, webhook) in claimed {
            let (status, problem) = send(delivery, to: webhook)
            do {
                try store.recordWebhookAttempt(id: delivery.id, owner: owner, status: status, error: problem, now: Date())
            } catch {
                logger.error("webhook delivery \(delivery.id) not recorded: \(error)")
            }
        }
        return claimed.count
    }

    /// One POST: the status it got, or nil and why none.
    func send(_ delivery: WebhookDelivery, to webhook: Webhook) -> (Int?, String) {
        let timestamp = Int(Date().timeIntervalSince1970)
        let signature = WebhookKeys.signature(secret: keys.secret(forWebhook: webhook.id), deliveryID: delivery.deliveryUUID,
                                              timestamp: timestamp, payload: delivery.payload)
        do {
            let url = try OutboundPost.check(webhook.url)
            // Loupe's headers, and MLflow's names for the same values, so MLflow receivers verify it too.
            let status = try OutboundPost(url: url, body: Array(delivery.payload.utf8), headers: [
                ("Content-Type", "application/json"), ("User-Agent", "Loupe-Webhooks/1"),
                ("X-Loupe-Event", delivery.event), ("X-Loupe-Delivery", delivery.deliveryUUID),
                ("X-Loupe-Timestamp", String(timestamp)), ("X-Loupe-Signature", signature),
                ("X-MLflow-Delivery-Id", delivery.deliveryUUID), ("X-MLflow-Timestamp", String(timestamp)), ("X-MLflow-Signature", signature),
            ], allowPrivate: webhook.allowPrivate).send()
            return (status, (200..<300).contains(status) ? "" : "the receiver answered \(status)")
        } catch {
            return (nil, "\(error)")
        }
    }

    /// Sends every second on a thread of its own.
    public func startBackground(every interval: TimeInterval = 1) {
        Thread.startBackground(named: "webhooks") { [self] in
            while true {
                Thread.sleep(forTimeInterval: interval)
                while deliverDue() == 10 {}  // a backlog drains without waiting a second per ten
            }
        }
    }
}
