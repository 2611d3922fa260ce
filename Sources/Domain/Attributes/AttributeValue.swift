// One attribute's value on a shape: a yes/no, a number, or text (a choice from a list is text).

public enum AttributeValue: Sendable, Equatable, Hashable {
    case bool(Bool)
    case number(Double)
    case text(String)

    public var isBool: Bool { if case .bool = self { true } else { false } }

    /// How the value reads in a file that holds attributes as text (CVAT, VOC): `true`, `12.5`, `red`.
    public var text: String {
        switch self {
        case .bool(let value): value ? "true" : "false"
        case .number(let value): value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .text(let value): value
        }
    }
}

extension AttributeValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .text(value) }
        else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "An attribute's value is true or false, a number, or text.")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .text(let value): try container.encode(value)
        }
    }
}

/// A shape's attributes by name. Empty for most shapes.
public typealias AttributeValues = [String: AttributeValue]
