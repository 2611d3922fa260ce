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
        guard let value = optionalString(name), !value.isEmpty else {
            throw HTTPError.badRequest("Missing value for required parameter '\(name)'.", field: name, code: "missing_field")
        }
        return value
    }

    func optionalString(_ name: String) -> String? {
        switch values[name] {
        case .string(let s): s
        case .number(let n): n.rounded() == n ? String(Int(n)) : String(n)
        case .bool(let b): String(b)
        default: nil
        }
    }

    /// Versions arrive as strings ("3") or numbers.
    func version(_ name: String = "version") throws -> Int {
        guard let number = Int(try string(name)), number > 0 else {
            throw HTTPError.badRequest("'\(name)' must be a positive whole number.", field: name, code: "invalid_field")
        }
        return number
    }

    func flag(_ name: String) -> Bool {
        switch values[name] {
        case .bool(let b): b
        case .string(let s): s.lowercased() == "true"
        default: false
        }
    }

    func strings(_ name: String) -> [String] {
        switch values[name] {
        case .array(let items): items.compactMap { if case .string(let s) = $0 { s } else { nil } }
        case .string(let s): [s]
        default: []
        }
    }

    func tags() -> [String: String] {
        guard case .array(let items) = values["tags"] else { return [:] }
        var tags: [String: String] = [:]
        for case .object(let tag) in items {
            if case .string(let key) = tag["key"] {
                if case .string(let value) = tag["value"] { tags[key] = value } else { tags[key] = "" }
            }
        }
        return tags
    }
}
