// Percent-decoding on bytes, shared by paths, query strings and form bodies (Foundation's is slow).

enum PercentDecoding {
    /// `%XX` becomes a byte; invalid escapes stay literal; invalid UTF-8 is repaired.
    /// In form encoding (`plusIsSpace`) a `+` is a space; in a path it is a plus.
    static func decode<S: Collection<UInt8>>(_ raw: S, plusIsSpace: Bool) -> String {
        guard raw.contains(where: { $0 == UInt8(ascii: "%") || (plusIsSpace && $0 == UInt8(ascii: "+")) }) else {
            return String(decoding: raw, as: UTF8.self)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(raw.count)
        var index = raw.startIndex
        while index != raw.endIndex {
            let byte = raw[index]
            raw.formIndex(after: &index)
            if byte == UInt8(ascii: "+") && plusIsSpace {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), index != raw.endIndex, let hi = hexValue(raw[index]),
                      case let next = raw.index(after: index), next != raw.endIndex, let lo = hexValue(raw[next]) {
                bytes.append(hi << 4 | lo)
                index = raw.index(after: next)
            } else {
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
}
