// Webhooks over the API: admins only, the signing secret shown once, targets checked by the guard.
import Auth
import Domain
import Foundation
import Store
import Testing
import Web
@testable import LoupeApp

@Suite struct WebhookAPITests {
    let app: TestApp
    let admin: String

    init() throws {
        app = try TestApp()
        try app.addUser("dat", role: .data)
        admin = try app.token(for: "admin")
    }

    private func post(_ body: String, token: String? = nil) -> Response {
        app.send(.POST, "/api/v1/webhooks", headers: ["Authorization": "Bearer \(token ?? admin)", "Content-Type": "application/json"], body: body)
    }

    @Test func anAdminAddsAWebhookAndSeesItsSecretOnce() throws {
        let created = post(#"{"url": "http://127.0.0.1:9/hook", "events": ["model_version.created"], "allow_private": true}"#)
        #expect(created.status == 201, "\(created.text)")
        let secret = try #require(created.json["secret"] as? String)
        #expect(secret == (try app.context.webhookKeys.get()).secret(forWebhook: created.json["id"] as! Int64))
        let listed = try app.send(.GET, "/api/v1/webhooks", as: "admin")
        #expect((listed.json["webhooks"] as? [[String: Any]])?.first?["secret"] == nil)
        #expect(try app.context.database.auditLog(limit: 5).contains { $0.action == "webhook.created" })
    }

    @Test func loopbackAndPrivateTargetsNeedTheAdminsSayAndBadURLsAreNamed() {
        let loopback = post(#"{"url": "http://127.0.0.1:8080/hook"}"#)
        #expect(loopback.status == 422 && (loopback.json["error"] as? [String: Any])?["field"] as? String == "url")
        #expect(((loopback.json["error"] as? [String: Any])?["message"] as? String)?.contains("loopback") == true)
        #expect(post(#"{"url": "http://10.0.0.5/hook"}"#).status == 422)
        #expect(post(#"{"url": "ftp://example.com/x"}"#).status == 422)
        #expect(post(#"{"url": "http://169.254.169.254/latest/meta-data"}"#).status == 422)
        let events = post(#"{"url": "http://127.0.0.1:9/", "allow_private": true, "events": ["model.exploded"]}"#)
        #expect(events.status == 422 && (events.json["error"] as? [String: Any])?["field"] as? String == "events")
    }

    @Test func onlyAdminsManageWebhooks() throws {
        #expect(post(#"{"url": "http://127.0.0.1:9/", "allow_private": true}"#, token: try app.token(for: "dat")).status == 403)
        #expect(try app.send(.GET, "/api/v1/webhooks", as: "dat").status == 403)
    }
}

@Suite struct WebhookPageTests {
    @Test func anAdminAddsPingsAndRemovesAWebhookOnItsPage() throws {
        let app = try TestApp()
        var browser = try app.browser("admin", password: "admin-password")
        let csrf = try browser.csrfToken()
        // A private target without the box ticked comes back with the message and the URL as typed
        let refused = browser.send(.POST, "/admin/webhooks", form: ["url": "http://127.0.0.1:9/h", "csrf_token": csrf])
        #expect(refused.status == 422 && refused.text.contains("loopback") && refused.text.contains("value=\"http://127.0.0.1:9/h\""))
        // Ticked, with two events: added, its secret shown once
        let body = "url=\(FormFields.encodeComponent("http://127.0.0.1:9/h"))&allow_private=1&events=drift.alert&events=rollout.rolled_back&csrf_token=\(csrf)"
        let created = app.send(.POST, "/admin/webhooks", headers: ["Cookie": browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "),
                                                                   "Content-Type": "application/x-www-form-urlencoded", "Accept": "text/html"], body: body)
        #expect(created.status == 200 && created.text.contains("whsec_"), "\(created.text)")
        let webhook = try #require(try app.context.database.webhooks().first)
        #expect(webhook.events == ["drift.alert", "rollout.rolled_back"] && webhook.allowPrivate)
        #expect(!browser.send(.GET, "/admin/webhooks").text.contains("whsec_"))
        // Send a test queues a ping; Remove removes it
        #expect(browser.send(.POST, "/admin/webhooks/\(webhook.id)/ping", form: ["csrf_token": csrf]).status == 303)
        #expect(try app.context.database.webhookDeliveries(webhookID: webhook.id, limit: 5).first?.event == "webhook.ping")
        #expect(browser.send(.POST, "/admin/webhooks/\(webhook.id)/delete", form: ["csrf_token": csrf]).status == 303)
        #expect(try app.context.database.webhooks().isEmpty)
    }
}
