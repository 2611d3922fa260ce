// JSON pieces written straight onto bytes: an escaped string, and a short number for coordinates.

public enum JSONText {
    /// `value` rounded to two decimals without trailing zeros: 12, 12.5, 12.25. Pixel coordinates
    /// need no more, and this is several times faster than `Double.description`.
    public static func appendNumber(_ value: Double, to bytes: inout [UInt8]) {
        appendNumber(value, decimals: 2, to: &bytes)
    }

    /// `value` rounded to `decimals` (1…9) without trailing zeros; YOLO's fractions of the image take 6.
    public static func appendNumber(_ value: Double, decimals: Int, to bytes: inout [UInt8]) {
        var scale: Int64 = 1
        for _ in 0..<decimals { scale *= 10 }
        guard value.isFinite, abs(value) * Double(scale) < 9e15 else {
            bytes.append(contentsOf: (value.isFinite ? value.description : "0").utf8)
            return
        }
        let units = Int64((value * Double(scale)).rounded())
        appendInteger(units / scale, negative: units < 0, to: &bytes)
        var fraction = abs(units % scale)
        guard fraction != 0 else { return }
        bytes.append(UInt8(ascii: "."))
        var divisor = scale / 10
        while fraction > 0 {  // stops at the last non-zero digit
            bytes.append(UInt8(ascii: "0") + UInt8(fraction / divisor))
            fraction %= divisor
            divisor /= 10
        }
    }

    /// Decimal digits of an integer, without going through a String.
    public static func appendInteger<T: BinaryInteger>(_ value: T, to bytes: inout [UInt8]) {
        appendInteger(Int64(value), negative: value < 0, to: &bytes)
    }

    /// `negative` is separate so that -0.5 (whole part 0) still gets its sign.
    private static func appendInteger(_ value: Int64, negative: Bool, to bytes: inout [UInt8]) {
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 21) { digits in
            var start = 21
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if negative {
                start -= 1
                digits[start] = UInt8(ascii: "-")
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    /// A literal known at compile time, copied without building a String.
    public static func appendLiteral(_ text: StaticString, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// A quoted JSON string with `"`, `\` and control characters escaped.
    public static func appendString(_ string: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// `appendString` as a String.
    public static func quoted(_ string: String) -> String {
        var bytes: [UInt8] = []
        appendString(string, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
