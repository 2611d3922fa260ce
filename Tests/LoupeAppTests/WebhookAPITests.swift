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
