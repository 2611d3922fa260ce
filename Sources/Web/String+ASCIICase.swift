// Case-insensitive header names without a new string per comparison: header lookups run many times
// on every request, and `lowercased()` allocates each time.
extension String {
    /// The string with A–Z lowered; itself, unallocated, when it has none (header names usually).
    public var asciiLowercased: String { hasASCIIUppercase ? lowercased() : self }

    public var hasASCIIUppercase: Bool { utf8.contains { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") } }

    /// Equal but for the case of A–Z (HTTP header names).
    public func equalsIgnoringASCIICase(_ other: String) -> Bool {
        utf8.count == other.utf8.count && utf8.elementsEqual(other.utf8) { Self.lower($0) == Self.lower($1) }
    }

    private static func lower(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }
}
