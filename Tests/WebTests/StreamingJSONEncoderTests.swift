// The streaming encoder against Foundation's JSONEncoder configured as Loupe used it.
import Foundation
import Testing
@testable import Web

@Suite struct StreamingJSONEncoderTests {
    struct Inner: Codable, Equatable { let labelId: Int32; let points: [[Double]]; let note: String? }
    struct Outer: Codable, Equatable {
        let userId: Int64
        let csrfToken: String?
        let createdAt: Date
        let secure: Bool
        let ratio: Double
        let inner: Inner
        let shapes: [Inner]
        let tags: [String: UInt8]
        let empty: [Int]
    }

    static let sample = Outer(
        userId: 42, csrfToken: nil, createdAt: Date(timeIntervalSince1970: 1_795_000_000), secure: true, ratio: 0.25,
        inner: Inner(labelId: -3, points: [[1.5, 2], [3, 4.25]], note: "quote \" slash / back \\ tab \t nl \n bell \u{7} é 🐱"),
        shapes: [Inner(labelId: 1, points: [], note: nil), Inner(labelId: 2, points: [[0, 0]], note: "x")],
        tags: ["oneKey": 1], empty: [])

    func foundation<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try encoder.encode(value)
    }

    func parsed(_ data: Data) throws -> NSDictionary {
        try JSONSerialization.jsonObject(with: data) as! NSDictionary
    }

    @Test func matchesFoundationValueForValue() throws {
        // Given a value with nesting, optionals, dates, escapes, numbers of several widths
        let ours = Data(try StreamingJSONEncoder.encode(Self.sample))
        // Then it parses to exactly what Foundation's encoder produced
        let theirs = try foundation(Self.sample)
        #expect(try parsed(ours) == parsed(theirs), "\(String(decoding: ours, as: UTF8.self))\nvs\n\(String(decoding: theirs, as: UTF8.self))")
        // And it round-trips through a snake_case decoder
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        #expect(try decoder.decode(Outer.self, from: ours) == Self.sample)
    }

    @Test func writesKeysInOrderAndOmitsNil() throws {
        struct Small: Encodable { let b: Int; let a: String?; let c: [Int] }
        #expect(String(decoding: try StreamingJSONEncoder.encode(Small(b: 1, a: nil, c: [1, 2])), as: UTF8.self)
                == #"{"b":1,"c":[1,2]}"#)
    }

    @Test func convertsKeysLikeFoundation() {
        for (key, expected) in [("csrfToken", "csrf_token"), ("userID", "user_id"), ("isHTTPSEnabled", "is_https_enabled"),
                                ("a", "a"), ("URLString", "url_string"), ("already_snake", "already_snake")] {
            #expect(JSONSink.snakeCase(key) == expected, "\(key)")
        }
    }

    @Test func refusesNonFiniteNumbers() {
        #expect(throws: EncodingError.self) { try StreamingJSONEncoder.encode(["x": Double.nan]) }
    }

    @Test func topLevelScalarsAndArrays() throws {
        #expect(String(decoding: try StreamingJSONEncoder.encode([1, 2]), as: UTF8.self) == "[1,2]")
        #expect(String(decoding: try StreamingJSONEncoder.encode("a\"b"), as: UTF8.self) == #""a\"b""#)
        #expect(String(decoding: try StreamingJSONEncoder.encode([[String: Int]]()), as: UTF8.self) == "[]")
    }
}
