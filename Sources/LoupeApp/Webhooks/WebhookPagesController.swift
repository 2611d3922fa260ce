// /admin/webhooks: admins add a webhook (its secret shown once), ping or remove it, and read each one's
// latest deliveries.
import Auth
import Domain
import Foundation
import Store
import Web

struct WebhookPagesController: Sendable {
    let store: any WebhookStore
    let keys: Result<WebhookKeys, any Error>

    func addRoutes(to routes: inout RouteTable) {
        routes.add(.GET, "/admin/webhooks", access: .role(.admin), options: .page, showWebhooksPage)
        routes.add(.POST, "/admin/webhooks", access: .role(.admin), options: .page, createWebhookFromPage)
        routes.add(.POST, "/admin/webhooks/{id}/delete", access: .role(.admin), options: .page, deleteWebhookFromPage)
        routes.add(.POST, "/admin/webhooks/{id}/ping", access: .role(.admin), options: .page, pingWebhookFromPage)
    }

    func showWebhooksPage(_ request: Request, _ context: UserContext) throws -> Response {
        try render(context.principal, notice: request.query["done"])
    }

    /// The new webhook's secret is shown in this response only.
    func createWebhookFromPage(_ request: Request, _ context: UserContext) throws -> Response {
        let form = try request.formFields()
        return try PageLayout.handleForm({ try render(context.principal, error: $0, draft: form) }) {
            let allowPrivate = form["allow_private"] == "1"
            let events = form.values("events")
            let webhook = try store.createWebhook(url: try WebhookController.checkedURL(form["url"] ?? "", allowPrivate: allowPrivate),
                                                  events: events.isEmpty ? ["*"] : events, description: form["description"] ?? "",
                                                  allowPrivate: allowPrivate, by: context.attribution)
            return try render(context.principal, created: (webhook, try keys.get().secret(forWebhook: webhook.id)))
        }
    }

    func deleteWebhookFromPage(_ request: Request, _ context: UserContext) throws -> Response {
        try PageLayout.handleForm({ try render(context.principal, error: $0) }) {
            try store.deleteWebhook(id: try request.intParameter("id"), by: context.attribution)
            return .redirect(to: "/admin/webhooks?done=\(FormFields.encodeComponent("Webhook removed."))")
        }
    }

    func pingWebhookFromPage(_ request: Request, _ context: UserContext) throws -> Response {
        try PageLayout.handleForm({ try render(context.principal, error: $0) }) {
            try store.pingWebhook(id: try request.intParameter("id"), by: context.attribution)
            return .redirect(to: "/admin/webhooks?done=\(FormFields.encodeComponent("Ping queued; its delivery shows below within seconds."))")
        }
    }

    private func render(_ principal: Principal, notice: String? = nil, error: HTTPError? = nil, draft: FormFields? = nil,
                        created: (Webhook, String)? = nil) throws -> Response {
        let csrf = PageLayout.csrfField(principal)
        let hooks = try store.webhooks().map { webhook -> HTML in
            let deliveries = try store.webhookDeliveries(webhookID: webhook.id, limit: 10).map { d -> HTML in
                let outcome = d.state == .delivered ? "delivered (\(d.lastStatus ?? 0))" : d.state == .pending && d.attempts > 0
                    ? "retrying: \(d.lastError)" : d.state == .failed ? "failed: \(d.lastError)" : d.state.rawValue
                return "<tr><td>\(PageLayout.time(d.createdAt))</td><td>\(d.event)</td><td>\(d.attempts)</td><td class=\"\(d.state == .failed ? "error-text" : "")\">\(outcome)</td></tr>"
            }
            return """
                <section class="webhook" data-webhook="\(webhook.id)">
                <h3><code>\(webhook.url)</code></h3>
                <p>\(webhook.events.joined(separator: ", "))\(webhook.allowPrivate ? " · private targets allowed" : "") · added by \(webhook.createdByName)
                  \(webhook.description.isEmpty ? "" : "· \(webhook.description)")</p>
                <form method="post" action="/admin/webhooks/\(webhook.id)/ping" class="inline">\(csrf)<button>Send a test</button></form>
                <form method="post" action="/admin/webhooks/\(webhook.id)/delete" class="inline">\(csrf)<button class="danger">Remove</button></form>
                \(deliveries.isEmpty ? "<p class=\"muted\">No deliveries yet.</p>" : """
                    <table class="deliveries"><thead><tr><th>Queued</th><th>Event</th><th>Attempts</th><th>Outcome</th></tr></thead>
                    <tbody>\(deliveries)</tbody></table>
                    """)
                </section>
                """
        }
        let secretBox = created.map { webhook, secret -> HTML in
            """
            <div class="notice" role="status">
              <p>Webhook to <code>\(webhook.url)</code> added. Its signing secret, shown only now:</p>
              <p><code class="secret">\(secret)</code></p>
              <p>Each POST carries <code>X-Loupe-Signature: v1,&lt;base64 HMAC-SHA256 of "delivery id.timestamp.body"&gt;</code>,
                as MLflow's webhooks do (also as <code>X-MLflow-Signature</code>).</p>
            </div>
            """
        } ?? .empty
        let chosen = Set(draft?.values("events") ?? [])
        let events = RegistryEvent.names.map { name -> HTML in
            "<label class=\"check\"><input type=\"checkbox\" name=\"events\" value=\"\(name)\"\(chosen.contains(name) ? " checked" : "")> \(name)</label>"
        }
        return PageLayout.render(title: "Webhooks", status: error?.status ?? 200, body: """
            \(PageLayout.noticeBox(notice))
            \(PageLayout.errorBox(error))
            \(secretBox)
            <p class="muted">Loupe posts registry and deployment events to these URLs, signed, retried with backoff (8 tries over about
              two minutes) and logged below. Loopback and private addresses are refused unless you allow them for a webhook.</p>
            \(hooks.isEmpty ? "<p class=\"muted\">No webhooks yet.</p>" : HTML(joining: hooks))
            <h2>Add a webhook</h2>
            <form method="post" action="/admin/webhooks" class="stacked" id="webhook-form">\(csrf)
              <label>URL <input name="url" type="url" required maxlength="2000" placeholder="https://ci.example.com/loupe" value="\(draft?["url"] ?? "")"></label>
              <fieldset><legend>Events (none ticked: all)</legend>\(HTML(joining: events))</fieldset>
              <label>Description <input name="description" maxlength="500" value="\(draft?["description"] ?? "")"></label>
              <label class="check"><input type="checkbox" name="allow_private" value="1"\(draft?["allow_private"] == "1" ? " checked" : "")>
                allow loopback and private addresses (a receiver on this machine or network)</label>
              <button>Add</button>
            </form>
            """)
    }
}
