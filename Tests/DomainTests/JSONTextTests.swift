// Short numbers for coordinates and escaped strings, on bytes.
import Testing
import Domain

@Suite struct JSONTextTests {
    func number(_ value: Double) -> String {
        var bytes: [UInt8] = []
        JSONText.appendNumber(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func numbersHaveAtMostTwoDecimals() {
        #expect(number(12) == "12")
        #expect(number(0) == "0")
        #expect(number(12.5) == "12.5")
        #expect(number(12.345) == "12.35" || number(12.345) == "12.34")  // 12.345 is not exact in binary
        #expect(number(0.05) == "0.05")
        #expect(number(-3.1) == "-3.1")
        #expect(number(1_234_567.891) == "1234567.89")
        #expect(number(.nan) == "0")
    }

    @Test func stringsAreEscaped() {
        var bytes: [UInt8] = []
        JSONText.appendString("a\"b\\c\nd\u{01}é", to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == #""a\"b\\c\nd\u0001é""#)
    }
}
