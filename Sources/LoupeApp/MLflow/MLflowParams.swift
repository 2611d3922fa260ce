// The parameters of an MLflow call: the query of a GET, the JSON body otherwise; versions arrive
// as strings or numbers, tags as a list of key/value objects.
import Foundation
import Web

/// The request's parameters: the query of a GET, the JSON body otherwise.
struct MLflowParams {
    let values: [String: JSONValue]

    init(_ request: Request) throws {
        if request.method == .GET {
            var values: [String: JSONValue] = [:]
            for name in Set(request.query.pairs.map(\.name)) {
                let all = request.query.all(name)
                values[name] = all.count == 1 ? .string(all[0]) : .array(all.map { .string($0) })
            }
            self.values = values
        } else if request.body.isEmpty {
            values = [:]
        } else {
            guard let object = try? JSONDecoder().decode([String: JSONValue].self, from: Data(request.body)) else {
                throw HTTPError.badRequest("The body must be a JSON object.", code: "invalid_json")
            }
            values = object
        }
    }

    func string(_ name: String) throws -> String {
        guard let value = try optionalString(name), !value.isEmpty else {
            throw HTTPError.badRequest("Missing value for required parameter '\(name)'.", field: name, code: "missing_field")
        }
        return value
    }

    /// A text value; nil when absent or null. Anything else of the wrong kind (an object, a list for
    /// a single value) is refused by name, as MLflow's server does, rather than taken as absent.
    func optionalString(_ name: String) throws -> String? {
        switch values[name] {
        case nil, .null: return nil
        case .string(let s): return s
        // Int(exactly:), not Int(): 1e300 is a whole number too, and Int() of it stops the process.
        case .number(let n): return Int(exactly: n).map(String.init) ?? String(n)
        case .bool(let b): return String(b)
        default: throw Self.wrongKind(name, "a string")
        }
    }

    static func wrongKind(_ name: String, _ kind: String) -> HTTPError {
        HTTPError.badRequest("'\(name)' must be \(kind).", field: name, code: "invalid_field")
    }

    /// Versions arrive as strings ("3") or numbers.
    func version(_ name: String = "version") throws -> Int {
        guard let number = Int(try string(name)), number > 0 else {
            throw HTTPError.badRequest("'\(name)' must be a positive whole number.", field: name, code: "invalid_field")
        }
        return number
    }

    func flag(_ name: String) throws -> Bool {
        switch values[name] {
        case nil, .null: return false
        case .bool(let b): return b
        case .string(let s): return s.lowercased() == "true"
        default: throw Self.wrongKind(name, "true or false")
        }
    }

    func strings(_ name: String) throws -> [String] {
        switch values[name] {
        case nil, .null: return []
        case .string(let s): return [s]
        case .array(let items):
            return try items.map { item in
                guard case .string(let s) = item else { throw Self.wrongKind(name, "a list of strings") }
                return s
            }
        default: throw Self.wrongKind(name, "a list of strings")
        }
    }

    /// `tags`: a list of {"key", "value"} objects.
    func tags() throws -> [String: String] {
        switch values["tags"] {
        case nil, .null: return [:]
        case .array(let items):
            var tags: [String: String] = [:]
            for item in items {
                guard case .object(let tag) = item, case .string(let key) = tag["key"] else {
                    throw Self.wrongKind("tags", "a list of {\"key\", \"value\"} objects")
                }
                switch tag["value"] {
                case nil, .null: tags[key] = ""
                case .string(let value): tags[key] = value
                default: throw Self.wrongKind("tags", "a list of {\"key\", \"value\"} objects with string values")
                }
            }
            return tags
        default: throw Self.wrongKind("tags", "a list of {\"key\", \"value\"} objects")
        }
    }
}
