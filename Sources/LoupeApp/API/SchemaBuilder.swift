// A few words for writing JSON Schema (as OpenAPI 3.1 reads it) the way the DTOs read: objects with
// their required and optional members, lists, references and nullable values.
import Foundation

/// Built once, never changed: the tables of schemas are `nonisolated(unsafe)` lets, since `Any` is not Sendable.
typealias JSONSchema = [String: Any]

enum Schema {
    nonisolated(unsafe) static let string: JSONSchema = ["type": "string"]
    nonisolated(unsafe) static let integer: JSONSchema = ["type": "integer"]
    nonisolated(unsafe) static let number: JSONSchema = ["type": "number"]
    nonisolated(unsafe) static let boolean: JSONSchema = ["type": "boolean"]
    nonisolated(unsafe) static let id: JSONSchema = ["type": "integer", "minimum": 1]
    nonisolated(unsafe) static let time: JSONSchema = ["type": "string", "format": "date-time"]
    /// Any JSON object (a job's config, a version's metrics): its members are described elsewhere.
    nonisolated(unsafe) static let anyObject: JSONSchema = ["type": "object"]
    nonisolated(unsafe) static let binary: JSONSchema = ["type": "string", "format": "binary"]

    static func text(_ min: Int, _ max: Int) -> JSONSchema { ["type": "string", "minLength": min, "maxLength": max] }
    static func oneOf(_ values: [String]) -> JSONSchema { ["type": "string", "enum": values] }
    static func list(_ item: JSONSchema) -> JSONSchema { ["type": "array", "items": item] }
    static func ref(_ name: String) -> JSONSchema { ["$ref": "#/components/schemas/\(name)"] }
    static func map(_ value: JSONSchema) -> JSONSchema { ["type": "object", "additionalProperties": value] }

    /// A value that may also be `null` (or left out, when it is not required).
    static func nullable(_ schema: JSONSchema) -> JSONSchema {
        if let type = schema["type"] as? String {
            var nullable = schema.merging(["type": [type, "null"]]) { $1 }
            if let values = schema["enum"] as? [Any] { nullable["enum"] = values + [NSNull()] }  // else null breaks the enum
            return nullable
        }
        return ["anyOf": [schema, ["type": "null"]]]
    }

    /// An object: `required` members must be there; `optional` ones may be left out or be null.
    /// Answers may grow new members, so unknown members are allowed.
    static func object(_ required: [String: JSONSchema], optional: [String: JSONSchema] = [:], description: String? = nil) -> JSONSchema {
        var properties = required
        for (name, schema) in optional { properties[name] = nullable(schema) }
        var schema: JSONSchema = ["type": "object", "properties": properties]
        if !required.isEmpty { schema["required"] = required.keys.sorted() }
        if let description { schema["description"] = description }
        return schema
    }

    /// `{"<key>": [item, …]}`: how every list answers.
    static func listed(_ key: String, _ item: JSONSchema) -> JSONSchema { object([key: list(item)]) }
}
