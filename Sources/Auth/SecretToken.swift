// Random bearer secrets (session cookies, API tokens) and the one-way hash the database keeps.
import Crypto
import Foundation

public enum SecretToken {
    /// 32 random bytes, base64url without padding, behind a short prefix that says what it is
    /// (`lps_` session, `lpt_` API token) so a leaked secret can be recognised.
    public static func generate(prefix: String) -> String {
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
        return prefix + base64URL(bytes)
    }

    /// SHA-256 hex: the only form of a secret that is stored. Secrets are high-entropy, so a fast hash suffices.
    public static func hash(_ secret: String) -> String {
        let digest = SHA256.hash(data: Array(secret.utf8))
        return String(unsafeUninitializedCapacity: 2 * SHA256.byteCount) { text in
            var at = 0
            for byte in digest {
                text[at] = hexDigits[Int(byte >> 4)]
                text[at + 1] = hexDigits[Int(byte & 0x0f)]
                at += 2
            }
            return at
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
