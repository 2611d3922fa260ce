// Decoded `application/x-www-form-urlencoded` data: query strings and form bodies.

/// An ordered multi-map of form fields. `fields["name"]` gives the first value.
public struct FormFields: Sendable, Equatable {
    public private(set) var pairs: [(name: String, value: String)] = []

    public init() {}

    public init(urlEncoded text: String) {
        for item in text.split(separator: "&", omittingEmptySubsequences: true) {
            let kv = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = PercentDecoding.decode(kv[0].utf8, plusIsSpace: true)
            let value = kv.count > 1 ? PercentDecoding.decode(kv[1].utf8, plusIsSpace: true) : ""
            pairs.append((name, value))
        }
    }

    public subscript(name: String) -> String? { pairs.first { $0.name == name }?.value }

    /// Every value sent under `name` (ticked checkboxes of one group), in order.
    public func values(_ name: String) -> [String] { pairs.filter { $0.name == name }.map(\.value) }

    public func all(_ name: String) -> [String] { pairs.filter { $0.name == name }.map(\.value) }

    /// The trimmed value of a required field, or a 400 naming the field.
    public func required(_ name: String, label: String? = nil) throws -> String {
        guard let value = self[name]?.trimmingWhitespace(), !value.isEmpty else {
            throw HTTPError.badRequest("\(label ?? name) is required.", field: name, code: "missing_field")
        }
        return value
    }

    public static func == (lhs: FormFields, rhs: FormFields) -> Bool {
        lhs.pairs.elementsEqual(rhs.pairs) { $0.name == $1.name && $0.value == $1.value }
    }

    /// Percent-encodes a value for use in a query string or a `Location` header.
    public static func encodeComponent(_ value: String) -> String {
        var out = ""
        for byte in value.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if byte < 128, c.isLetter || c.isNumber || "-._~".contains(c) {
                out.append(c)
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }

    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
