// Webhooks over the API (admins): add one (its signing secret is shown once), list, remove, ping, and
// read its delivery log.
import Auth
import Domain
import Foundation
import Outbound
import Store
import Web

struct WebhookController: Sendable {
    let store: any WebhookStore
    let keys: Result<WebhookKeys, any Error>

    func addRoutes(to routes: inout RouteTable) {
        routes.add(.GET, "/api/v1/webhooks", access: .role(.admin), listWebhooks)
        routes.add(.POST, "/api/v1/webhooks", access: .role(.admin), createWebhook)
        routes.add(.DELETE, "/api/v1/webhooks/{id}", access: .role(.admin), deleteWebhook)
        routes.add(.GET, "/api/v1/webhooks/{id}/deliveries", access: .role(.admin), listDeliveries)
        routes.add(.POST, "/api/v1/webhooks/{id}/ping", access: .role(.admin), pingWebhook)
    }

    struct NewWebhook: Decodable {
        let url: String
        let events: [String]?
        let description: String?
        let allowPrivate: Bool?
    }

    func listWebhooks(_ request: Request, _ context: UserContext) throws -> Response {
        try .json(["webhooks": try store.webhooks().map { WebhookDTO($0) }])
    }

    /// POST `{"url", "events": ["model_version.created", …] or ["*"], "description", "allow_private"}`:
    /// 201 with the webhook and its signing secret, shown this once.
    func createWebhook(_ request: Request, _ context: UserContext) throws -> Response {
        let body = try request.decodeJSON(NewWebhook.self)
        let webhook = try store.createWebhook(url: try Self.checkedURL(body.url, allowPrivate: body.allowPrivate ?? false),
                                              events: body.events ?? ["*"], description: body.description ?? "",
                                              allowPrivate: body.allowPrivate ?? false, by: context.attribution)
        return try .json(WebhookDTO(webhook, secret: try keys.get().secret(forWebhook: webhook.id)), status: HTTPStatus.created)
    }

    func deleteWebhook(_ request: Request, _ context: UserContext) throws -> Response {
        try store.deleteWebhook(id: try request.intParameter("id"), by: context.attribution)
        return .noContent()
    }

    func listDeliveries(_ request: Request, _ context: UserContext) throws -> Response {
        let webhook = try webhook(request)
        return try .json(["deliveries": try store.webhookDeliveries(webhookID: webhook.id, limit: 100).map(DeliveryDTO.init)])
    }

    func pingWebhook(_ request: Request, _ context: UserContext) throws -> Response {
        let webhook = try webhook(request)
        try store.pingWebhook(id: webhook.id, by: context.attribution)
        return try .json(["queued": true], status: HTTPStatus.accepted)
    }

    /// A URL webhooks may post to: http(s), a host that resolves, and (unless private targets are
    /// allowed) only to public addresses. 422 naming `url` otherwise.
    static func checkedURL(_ text: String, allowPrivate: Bool) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        do {
            let url = try OutboundPost.check(trimmed)
            _ = try OutboundPost(url: url, body: [], headers: [], allowPrivate: allowPrivate).vettedAddress()
            return trimmed
        } catch let error as OutboundError {
            throw HTTPError(HTTPStatus.unprocessable, code: "invalid_field", message: error.description.capitalizedFirst + ".", field: "url")
        }
    }

    private func webhook(_ request: Request) throws -> Webhook {
        guard let webhook = try store.webhook(id: try request.intParameter("id")) else { throw HTTPError.notFound("No such webhook.") }
        return webhook
    }
}

struct WebhookDTO: Encodable {
    let id: Int64
    let url: String
    let events: [String]
    let description: String
    let enabled: Bool
    let allowPrivate: Bool
    let createdBy: String
    let createdAt: Date
    /// Only in the answer that created it.
    let secret: String?

    init(_ w: Webhook, secret: String? = nil) {
        (id, url, events, description, enabled, allowPrivate) = (w.id, w.url, w.events, w.description, w.enabled, w.allowPrivate)
        (createdBy, createdAt, self.secret) = (w.createdByName, w.createdAt, secret)
    }
}

struct DeliveryDTO: Encodable {
    let id: Int64
    let deliveryId: String
    let event: String
    let state: String
    let attempts: Int
    let lastStatus: Int?
    let lastError: String
    let createdAt: Date
    let nextAttemptAt: Date?
    let deliveredAt: Date?

    init(_ d: WebhookDelivery) {
        (id, deliveryId, event, state, attempts, lastStatus, lastError) = (d.id, d.deliveryUUID, d.event, d.state.rawValue, d.attempts, d.lastStatus, d.lastError)
        (createdAt, nextAttemptAt, deliveredAt) = (d.createdAt, d.state == .pending ? d.nextAttemptAt : nil, d.deliveredAt)
    }
}
