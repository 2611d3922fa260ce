// The rule for what a username may be, shared by the CLI, the API and the store.

public enum Username {
    /// 1–64 characters of letters, digits, `.`, `_`, `-`; must start with a letter or digit.
    public static func isValid(_ name: String) -> Bool {
        guard (1...64).contains(name.count), let first = name.unicodeScalars.first else { return false }
        func allowed(_ s: Unicode.Scalar) -> Bool {
            s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "." || s == "_" || s == "-")
        }
        return allowed(first) && first != "." && first != "_" && first != "-"
            && name.unicodeScalars.allSatisfy(allowed)
    }

    public static let rule = "1–64 characters: letters, digits, '.', '_' or '-', starting with a letter or digit"
}
