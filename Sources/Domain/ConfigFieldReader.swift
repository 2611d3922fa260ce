// Reading a job's `config` object one checked field at a time: a wrong type or range, or an unknown
// key, becomes a TrainingConfigError that names the field (a typo must not silently use a default).
import Foundation

struct AnyKey: CodingKey {
    let stringValue: String
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    var intValue: Int? { nil }
    init?(intValue: Int) { nil }
}

/// `config.learning_rate`, or the bare key for a body's top level (an empty prefix).
func fieldPath(_ prefix: String, _ key: String) -> String { prefix.isEmpty ? key : "\(prefix).\(key)" }

func rejectUnknownKeys(_ c: KeyedDecodingContainer<AnyKey>, known: [String], prefix: String) throws {
    if let unknown = c.allKeys.map(\.stringValue).sorted().first(where: { !known.contains($0) }) {
        throw TrainingConfigError(field: fieldPath(prefix, unknown),
                                  message: "unknown setting '\(unknown)'; known: \(known.sorted().joined(separator: ", "))")
    }
}

/// Reads one field at a time, turning a wrong type or range into a TrainingConfigError naming it.
struct FieldReader {
    let container: KeyedDecodingContainer<AnyKey>
    let prefix: String

    private func value<T: Decodable>(_ key: String, _ type: T.Type, expected: String) throws -> T? {
        do {
            return try container.decodeIfPresent(T.self, forKey: AnyKey(key))
        } catch {
            throw TrainingConfigError(field: fieldPath(prefix, key), message: "must be \(expected)")
        }
    }

    private func fail(_ key: String, _ message: String) -> TrainingConfigError {
        TrainingConfigError(field: fieldPath(prefix, key), message: message)
    }

    func choice<T: RawRepresentable & CaseIterable & Decodable>(_ key: String, default fallback: T) throws -> T where T.RawValue == String {
        let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
        guard let raw = try value(key, String.self, expected: "one of \(allowed)") else { return fallback }
        guard let chosen = T(rawValue: raw) else { throw fail(key, "must be one of \(allowed), not '\(raw)'") }
        return chosen
    }

    func optionalChoice<T: RawRepresentable & CaseIterable & Decodable>(_ key: String) throws -> T? where T.RawValue == String {
        guard container.contains(AnyKey(key)) else { return nil }
        return try choice(key, default: T.allCases.first!)
    }

    func optionalFlag(_ key: String) throws -> Bool? {
        try value(key, Bool.self, expected: "true or false")
    }

    func optionalInteger(_ key: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let v = try value(key, Int.self, expected: "a whole number") else { return nil }
        guard range.contains(v) else { throw fail(key, "must be \(range.lowerBound)…\(range.upperBound), not \(v)") }
        return v
    }

    func integer(_ key: String, in range: ClosedRange<Int>, default fallback: Int) throws -> Int {
        try optionalInteger(key, in: range) ?? fallback
    }

    func optionalNumber(_ key: String, above low: Double, atMost high: Double) throws -> Double? {
        guard let v = try value(key, Double.self, expected: "a number") else { return nil }
        guard v > low, v <= high else { throw fail(key, "must be above \(low) and at most \(high), not \(v)") }
        return v
    }

    /// A number that an explicit `null` turns off: absent gives the default, null gives nil.
    func nullableNumber(_ key: String, above low: Double, atMost high: Double, default fallback: Double?) throws -> Double? {
        guard container.contains(AnyKey(key)) else { return fallback }
        if (try? container.decodeNil(forKey: AnyKey(key))) == true { return nil }
        return try optionalNumber(key, above: low, atMost: high)
    }

    func number(_ key: String, in range: ClosedRange<Double>, default fallback: Double) throws -> Double {
        guard let v = try value(key, Double.self, expected: "a number") else { return fallback }
        guard range.contains(v) else { throw fail(key, "must be \(range.lowerBound)…\(range.upperBound), not \(v)") }
        return v
    }

    func numbers(_ key: String, above low: Double, atMost high: Double, default fallback: [Double]) throws -> [Double] {
        guard let list = try value(key, [Double].self, expected: "a list of numbers") else { return fallback }
        guard (1...10).contains(list.count) else { throw fail(key, "must list 1 to 10 values") }
        for (i, v) in list.enumerated() where !(v > low && v <= high) {
            throw TrainingConfigError(field: fieldPath(prefix, key) + "[\(i)]", message: "must be above \(low) and at most \(high), not \(v)")
        }
        return list
    }

    func integers(_ key: String, each range: ClosedRange<Int>, count: ClosedRange<Int>, default fallback: [Int]) throws -> [Int] {
        guard let list = try value(key, [Int].self, expected: "a list of whole numbers") else { return fallback }
        guard count.contains(list.count) else { throw fail(key, "must list \(count.lowerBound) to \(count.upperBound) values") }
        for (i, v) in list.enumerated() where !range.contains(v) {
            throw TrainingConfigError(field: fieldPath(prefix, key) + "[\(i)]", message: "must be \(range.lowerBound)…\(range.upperBound), not \(v)")
        }
        return list
    }

    /// A list of alternatives that are themselves lists (conv_channels to search over).
    func integerLists(_ key: String, each range: ClosedRange<Int>, length: ClosedRange<Int>, default fallback: [[Int]]) throws -> [[Int]] {
        guard let lists = try value(key, [[Int]].self, expected: "a list of lists of whole numbers") else { return fallback }
        guard lists.count <= 10 else { throw fail(key, "must list at most 10 alternatives") }
        for (i, list) in lists.enumerated() {
            guard length.contains(list.count) else {
                throw TrainingConfigError(field: fieldPath(prefix, key) + "[\(i)]", message: "must hold \(length.lowerBound) to \(length.upperBound) values")
            }
            for (j, v) in list.enumerated() where !range.contains(v) {
                throw TrainingConfigError(field: fieldPath(prefix, key) + "[\(i)][\(j)]", message: "must be \(range.lowerBound)…\(range.upperBound), not \(v)")
            }
        }
        return lists
    }

    func flag(_ key: String, default fallback: Bool) throws -> Bool {
        try value(key, Bool.self, expected: "true or false") ?? fallback
    }

    func optionalText(_ key: String, maxLength: Int) throws -> String? {
        guard let v = try value(key, String.self, expected: "text") else { return nil }
        let trimmed = v.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= maxLength else { throw fail(key, "must be 1 to \(maxLength) characters") }
        return trimmed
    }
}
