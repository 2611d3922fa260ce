// Decoded `application/x-www-form-urlencoded` data: query strings and form bodies.

/// An ordered multi-map of form fields. `fields["name"]` gives the first value.
public struct FormFields: Sendable, Equatable {
    public private(set) var pairs: [(name: String, value: String)] = []

    public init() {}

    public init(urlEncoded text: String) {
        for item in text.split(separator: "&", omittingEmptySubsequences: true) {
            let kv = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decodeComponent(kv[0])
            let value = kv.count > 1 ? Self.decodeComponent(kv[1]) : ""
            pairs.append((name, value))
        }
    }

    public subscript(name: String) -> String? { pairs.first { $0.name == name }?.value }

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

    /// `+` is a space, `%XX` a byte; invalid escapes are kept literally and invalid UTF-8 is repaired.
    static func decodeComponent(_ raw: Substring) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(raw.utf8.count)
        var iterator = Array(raw.utf8)[...]
        while let byte = iterator.popFirst() {
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                if iterator.count >= 2, let hi = hexValue(iterator[iterator.startIndex]),
                    let lo = hexValue(iterator[iterator.startIndex + 1])
                {
                    bytes.append(hi << 4 | lo)
                    iterator = iterator.dropFirst(2)
                } else {
                    bytes.append(byte)
                }
            default:
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
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
