// Parsing the Cookie header and writing Set-Cookie values.

public enum Cookies {
    /// `a=1; b=2` → ["a": "1", "b": "2"]; the first occurrence of a name wins, as browsers send the most specific first.
    public static func parse(_ header: String) -> [String: String] {
        var result: [String: String] = [:]
        for part in header.split(separator: ";") {
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard kv.count == 2 else { continue }
            let name = String(kv[0]).trimmingWhitespace()
            var value = String(kv[1]).trimmingWhitespace()
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            if !name.isEmpty, result[name] == nil { result[name] = value }
        }
        return result
    }

    /// A Set-Cookie value. Path `/`, SameSite=Lax; HttpOnly unless `httpOnly` is false.
    /// `maxAge` 0 deletes the cookie.
    public static func setCookie(
        name: String, value: String, maxAge: Int?, httpOnly: Bool = true, secure: Bool = false
    ) -> String {
        var parts = ["\(name)=\(value)", "Path=/", "SameSite=Lax"]
        if let maxAge { parts.append("Max-Age=\(maxAge)") }
        if httpOnly { parts.append("HttpOnly") }
        if secure { parts.append("Secure") }
        return parts.joined(separator: "; ")
    }
}
