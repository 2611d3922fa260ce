// Webhook signing secrets without storing any: each webhook's secret is derived from one key file in
// the data directory (0600), so a copy of the database alone signs nothing. Signatures follow MLflow's
// scheme: HMAC-SHA256 over "<delivery id>.<timestamp>.<body>", base64, sent as "v1,<signature>".
import Crypto
import Foundation
import Glibc

public struct WebhookKeys: Sendable {
    private let master: SymmetricKey

    public init(master: [UInt8]) { self.master = SymmetricKey(data: master) }

    /// The key in `<data>/secrets/webhook.key`, made on first use. Two processes making it at once
    /// agree: the file is created exclusively, and the loser reads the winner's.
    public static func load(dataDirectory: URL) throws -> WebhookKeys {
        let folder = dataDirectory.appendingPathComponent("secrets")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let path = folder.appendingPathComponent("webhook.key").path
        var rng = SystemRandomNumberGenerator()
        let fresh = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        if fd >= 0 {
            let written = fresh.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            fsync(fd)
            close(fd)
            guard written == fresh.count else { throw AuthError.keyFile(path) }
            return WebhookKeys(master: fresh)
        }
        for _ in 0..<50 {  // another process is writing it
            if let bytes = FileManager.default.contents(atPath: path), bytes.count == 32 { return WebhookKeys(master: [UInt8](bytes)) }
            usleep(10_000)
        }
        throw AuthError.keyFile(path)
    }

    /// The secret a webhook's receiver checks signatures with.
    public func secret(forWebhook id: Int64) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array("loupe-webhook-\(id)".utf8), using: master)
        return "whsec_" + SecretToken.base64URL(Array(mac))
    }

    /// `v1,<base64 HMAC-SHA256(secret, "<delivery id>.<timestamp>.<payload>")>`
    public static func signature(secret: String, deliveryID: String, timestamp: Int, payload: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array("\(deliveryID).\(timestamp).\(payload)".utf8),
                                                 using: SymmetricKey(data: Array(secret.utf8)))
        return "v1," + Data(mac).base64EncodedString()
    }
}
