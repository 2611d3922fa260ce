// A JSON encoder for responses that writes bytes while `Encodable` walks the value, instead of
// building Foundation's boxed tree first (which was a tenth of a simple API request's time).
// Output matches JSONEncoder with .convertToSnakeCase, .iso8601 dates and unescaped slashes,
// except that keys keep their declaration order instead of being sorted. Coding paths are not
// tracked (they cost an allocation per key); the only error, a non-finite number, names no path.
import Domain
import Foundation
import Synchronization

public enum StreamingJSONEncoder {
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let sink = JSONSink()
        try sink.encodeValue(value, level: 0, codingPath: [])
        sink.close(deeperThan: 0)
        return sink.bytes
    }
}

/// The output buffer and the stack of containers still open, closed as soon as a write
/// happens at a shallower level (Encodable writes are strictly sequential).
final class JSONSink {
    var bytes: [UInt8] = []
    private var open: [(closer: UInt8, level: Int)] = []

    init() { bytes.reserveCapacity(512) }

    func close(deeperThan level: Int) {
        while let last = open.last, last.level > level {
            bytes.append(last.closer)
            open.removeLast()
        }
    }

    func openContainer(_ opener: UInt8, _ closer: UInt8, level: Int) {
        close(deeperThan: level - 1)
        bytes.append(opener)
        open.append((closer, level))
    }

    func encodeValue<T: Encodable>(_ value: T, level: Int, codingPath: [any CodingKey]) throws {
        switch value {
        case let string as String: writeString(string)
        case let date as Date: writeString(Self.iso8601(date))
        case let int as Int: write(int.description)
        case let int as Int64: write(int.description)
        case let int as any BinaryInteger: write("\(int)")  // every other width: never via encode(to:), which would recurse
        case let bool as Bool: write(bool ? "true" : "false")
        case let double as Double: try writeNumber(double, codingPath: codingPath)
        case let float as Float: try writeNumber(Double(float), codingPath: codingPath)
        case let dictionary as any StringKeyedDictionary: try dictionary.writeJSON(to: self, level: level, codingPath: codingPath)
        default:
            let before = bytes.count
            try value.encode(to: StreamingEncoder(sink: self, level: level, codingPath: codingPath))
            close(deeperThan: level)
            if bytes.count == before { write("{}") }  // a value that opened no container, as Foundation does
        }
    }

    func write(_ text: String) { bytes.append(contentsOf: text.utf8) }

    func writeNumber(_ value: Double, codingPath: [any CodingKey]) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: "JSON has no \(value)"))
        }
        if value == value.rounded(), abs(value) < 1e15 { write(Int64(value).description) } else { write(value.description) }
    }

    func writeString(_ string: String) { JSONText.appendString(string, to: &bytes) }

    func writeKey(_ key: any CodingKey) {
        writeString(Self.snakeCase(key.stringValue))
        bytes.append(UInt8(ascii: ":"))
    }

    /// `2026-11-23T11:43:04Z`, whole seconds in UTC as Foundation's `.iso8601` strategy writes.
    static func iso8601(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }

    private static let snakeCaseCache = Mutex<[String: String]>([:])

    /// `csrfToken` → `csrf_token`, `userID` → `user_id`, as JSONEncoder's `.convertToSnakeCase`; cached.
    static func snakeCase(_ key: String) -> String {
        if let cached = snakeCaseCache.withLock({ $0[key] }) { return cached }
        var words: [String] = []
        var current = ""
        let characters = Array(key)
        for (index, character) in characters.enumerated() {
            let nextIsLower = index + 1 < characters.count && characters[index + 1].isLowercase
            let previousIsUpper = index > 0 && characters[index - 1].isUppercase
            if character.isUppercase, !current.isEmpty, !previousIsUpper || nextIsLower {
                words.append(current)
                current = ""
            }
            current.append(character)
        }
        if !current.isEmpty { words.append(current) }
        let converted = words.map { $0.lowercased() }.joined(separator: "_")
        snakeCaseCache.withLock { $0[key] = converted }
        return converted
    }
}

/// `[String: Value]` keeps its keys as they are (Foundation converts only property names), sorted.
protocol StringKeyedDictionary {
    func writeJSON(to sink: JSONSink, level: Int, codingPath: [any CodingKey]) throws
}

extension Dictionary: StringKeyedDictionary where Key == String, Value: Encodable {
    func writeJSON(to sink: JSONSink, level: Int, codingPath: [any CodingKey]) throws {
        sink.openContainer(UInt8(ascii: "{"), UInt8(ascii: "}"), level: level + 1)
        for (index, key) in keys.sorted().enumerated() {
            sink.close(deeperThan: level + 1)
            if index > 0 { sink.bytes.append(UInt8(ascii: ",")) }
            sink.writeString(key)
            sink.bytes.append(UInt8(ascii: ":"))
            try sink.encodeValue(self[key]!, level: level + 1, codingPath: codingPath)
        }
        sink.close(deeperThan: level)
    }
}

// MARK: - Encoder and containers

struct StreamingEncoder: Encoder {
    let sink: JSONSink
    let level: Int
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        sink.openContainer(UInt8(ascii: "{"), UInt8(ascii: "}"), level: level + 1)
        return KeyedEncodingContainer(KeyedWriter<Key>(sink: sink, level: level + 1, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        sink.openContainer(UInt8(ascii: "["), UInt8(ascii: "]"), level: level + 1)
        return UnkeyedWriter(sink: sink, level: level + 1, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueWriter(sink: sink, level: level, codingPath: codingPath)
    }
}

final class KeyedWriter<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let sink: JSONSink
    let level: Int
    let codingPath: [any CodingKey]
    private var count = 0

    init(sink: JSONSink, level: Int, codingPath: [any CodingKey]) {
        self.sink = sink
        self.level = level
        self.codingPath = codingPath
    }

    private func startEntry(_ key: Key) {
        sink.close(deeperThan: level)
        if count > 0 { sink.bytes.append(UInt8(ascii: ",")) }
        count += 1
        sink.writeKey(key)
    }

    func encodeNil(forKey key: Key) throws {
        startEntry(key)
        sink.write("null")
    }

    func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        startEntry(key)
        try sink.encodeValue(value, level: level, codingPath: codingPath)
    }

    // Concrete overloads: synthesized `encode(to:)` calls these directly for primitive properties,
    // skipping the generic path's dynamic casts.
    func encode(_ value: String, forKey key: Key) throws {
        startEntry(key)
        sink.writeString(value)
    }

    func encode(_ value: Int, forKey key: Key) throws {
        startEntry(key)
        sink.write(value.description)
    }

    func encode(_ value: Int64, forKey key: Key) throws {
        startEntry(key)
        sink.write(value.description)
    }

    func encode(_ value: Bool, forKey key: Key) throws {
        startEntry(key)
        sink.write(value ? "true" : "false")
    }

    func encode(_ value: Double, forKey key: Key) throws {
        startEntry(key)
        try sink.writeNumber(value, codingPath: codingPath)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        startEntry(key)
        return StreamingEncoder(sink: sink, level: level, codingPath: codingPath).container(keyedBy: keyType)
    }

    func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        startEntry(key)
        return StreamingEncoder(sink: sink, level: level, codingPath: codingPath).unkeyedContainer()
    }

    func superEncoder() -> any Encoder { superEncoder(forKey: Key(stringValue: "super")!) }

    func superEncoder(forKey key: Key) -> any Encoder {
        startEntry(key)
        return StreamingEncoder(sink: sink, level: level, codingPath: codingPath)
    }
}

final class UnkeyedWriter: UnkeyedEncodingContainer {
    let sink: JSONSink
    let level: Int
    let codingPath: [any CodingKey]
    private(set) var count = 0

    init(sink: JSONSink, level: Int, codingPath: [any CodingKey]) {
        self.sink = sink
        self.level = level
        self.codingPath = codingPath
    }

    private func startElement() {
        sink.close(deeperThan: level)
        if count > 0 { sink.bytes.append(UInt8(ascii: ",")) }
        count += 1
    }

    func encodeNil() throws {
        startElement()
        sink.write("null")
    }

    func encode<T: Encodable>(_ value: T) throws {
        startElement()
        try sink.encodeValue(value, level: level, codingPath: codingPath)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        startElement()
        return StreamingEncoder(sink: sink, level: level, codingPath: codingPath).container(keyedBy: keyType)
    }

    func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        startElement()
        return StreamingEncoder(sink: sink, level: level, codingPath: codingPath).unkeyedContainer()
    }

    func superEncoder() -> any Encoder {
        startElement()
        return StreamingEncoder(sink: sink, level: level, codingPath: codingPath)
    }
}

struct SingleValueWriter: SingleValueEncodingContainer {
    let sink: JSONSink
    let level: Int
    let codingPath: [any CodingKey]

    func encodeNil() throws { sink.write("null") }

    func encode<T: Encodable>(_ value: T) throws {
        try sink.encodeValue(value, level: level, codingPath: codingPath)
    }
}
