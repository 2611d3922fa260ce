// Webhook secrets derived from one key file, and MLflow-style signatures checked against Python's hmac.
import Foundation
import Testing
@testable import Auth

@Suite struct WebhookKeysTests {
    @Test func aSignatureIsHMACSHA256OverIdTimestampAndBody() {
        // python3 -c "hmac.new(b'whsec_test', b'd-1.1700000000.{\"a\":1}', hashlib.sha256)" → base64
        #expect(WebhookKeys.signature(secret: "whsec_test", deliveryID: "d-1", timestamp: 1_700_000_000, payload: #"{"a":1}"#)
                == "v1,XbuSSaiuHb6VGK9dx6y1Y8p7myHp1QhbNqdSJHZzBNk=")
    }

    @Test func eachWebhookHasItsOwnSecretFromOneKeyFileMadeOnce() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        // Given the key loaded twice (a second process reads the file the first made)
        let first = try WebhookKeys.load(dataDirectory: data), second = try WebhookKeys.load(dataDirectory: data)
        // Then both derive the same secret per webhook, and different webhooks get different ones
        #expect(first.secret(forWebhook: 1) == second.secret(forWebhook: 1) && first.secret(forWebhook: 1) != first.secret(forWebhook: 2))
        #expect(first.secret(forWebhook: 1).hasPrefix("whsec_"))
        // And only the owner may read the key
        let attributes = try FileManager.default.attributesOfItem(atPath: data.appendingPathComponent("secrets/webhook.key").path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }
}
