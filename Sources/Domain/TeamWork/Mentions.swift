// `@name` in a comment: the usernames it mentions, as a person would read them ("thanks @ann." means ann).

public enum Mentions {
    /// The distinct names after an `@` that starts a word, in order of first mention, lower-cased.
    /// An e-mail address (`me@host`) mentions nobody; a trailing `.`, `-` or `_` ends the sentence, not the name.
    public static func usernames(in text: String) -> [String] {
        var names: [String] = []
        let scalars = Array(text.unicodeScalars)
        func isNameScalar(_ s: Unicode.Scalar) -> Bool {
            s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "." || s == "_" || s == "-")
        }
        var index = 0
        while index < scalars.count {
            defer { index += 1 }
            guard scalars[index] == "@", index == 0 || !isNameScalar(scalars[index - 1]) && scalars[index - 1] != "@" else { continue }
            var end = index + 1
            while end < scalars.count, isNameScalar(scalars[end]) { end += 1 }
            var name = String(String.UnicodeScalarView(scalars[(index + 1)..<end]))
            while let last = name.last, ".-_".contains(last) { name.removeLast() }
            let key = name.lowercased()
            if Username.isValid(name), !names.contains(key) { names.append(key) }
            index = end - 1
        }
        return names
    }
}
