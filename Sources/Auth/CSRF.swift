// CSRF tokens. A signed-in session's token is derived from its secret, so nothing extra is stored;
// before sign-in a random token travels in a cookie and must be echoed in the form (double submit).
import Crypto

public enum CSRF {
    /// The token forms of this session must carry: HMAC-SHA256(session secret, "csrf"), base64url.
    public static func token(forSession sessionSecret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Array("loupe-csrf-v1".utf8), using: SymmetricKey(data: Array(sessionSecret.utf8)))
        return SecretToken.base64URL(Array(mac))
    }

    public static func isValid(_ submitted: String?, forSession sessionSecret: String) -> Bool {
        guard let submitted, !submitted.isEmpty else { return false }
        return ConstantTime.equal(submitted, token(forSession: sessionSecret))
    }

    /// Double-submit check for the login form: the field must equal the cookie, and both be present.
    public static func isValid(_ submitted: String?, cookie: String?) -> Bool {
        guard let submitted, let cookie, submitted.count >= 32 else { return false }
        return ConstantTime.equal(submitted, cookie)
    }
}
