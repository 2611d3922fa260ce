// Typed reads of parsed JSON that name the path of what is wrong: `annotations[3].bbox`.
import Foundation

struct JSONWalker {
    /// The parsed value, or a fault at `$` saying the file is not JSON.
    static func parse(_ data: [UInt8]) throws -> Any {
        do {
            return try JSONSerialization.jsonObject(with: Data(data), options: [.fragmentsAllowed])
        } catch {
            throw DatasetFormatError(path: "$", message: "The file is not valid JSON.")
        }
    }

    func object(_ value: Any?, _ path: String) throws -> [String: Any] {
        guard let object = value as? [String: Any] else { throw DatasetFormatError(path: path, message: "Expected an object.") }
        return object
    }

    func array(_ value: Any?, _ path: String) throws -> [Any] {
        guard let array = value as? [Any] else {
            throw DatasetFormatError(path: path, message: value == nil ? "Missing; expected an array." : "Expected an array.")
        }
        return array
    }

    func integer(_ value: Any?, _ path: String) throws -> Int {
        guard let number = value as? NSNumber,
              let int = Int(exactly: number.doubleValue) else {
            throw DatasetFormatError(path: path, message: value == nil ? "Missing; expected a whole number." : "Expected a whole number.")
        }
        return int
    }

    func number(_ value: Any?, _ path: String) throws -> Double {
        guard let number = value as? NSNumber, number.doubleValue.isFinite else {
            throw DatasetFormatError(path: path, message: "Expected a number.")
        }
        return number.doubleValue
    }

    func string(_ value: Any?, _ path: String) throws -> String {
        guard let string = value as? String, !string.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw DatasetFormatError(path: path, message: value == nil ? "Missing; expected a non-empty string." : "Expected a non-empty string.")
        }
        return string
    }

}
