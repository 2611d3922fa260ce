// One attribute a label's shapes carry (`occluded`, `colour`, …): its kind, what values it allows,
// and the value a shape has until someone sets it.
import Foundation

public struct AttributeSpec: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Yes or no.
        case boolean
        /// One of `options`.
        case choice
        /// A number within `min`…`max` (either may be open).
        case number
        /// Free text, up to `AttributeSpec.maxText` characters.
        case text
    }

    public var name: String
    public var kind: Kind
    public var options: [String]?
    public var min: Double?
    public var max: Double?
    /// nil: false, the first option, the range's start (or 0), or empty text.
    public var `default`: AttributeValue?

    public static let maxText = 500
    public static let maxOptions = 50
    public static let maxPerLabel = 20

    public init(name: String, kind: Kind, options: [String]? = nil, min: Double? = nil, max: Double? = nil, default value: AttributeValue? = nil) {
        (self.name, self.kind, self.options, self.min, self.max, self.default) = (name, kind, options, min, max, value)
    }

    /// The value a shape has for this attribute until someone sets it.
    public var defaultValue: AttributeValue {
        if let value = self.default { return value }
        switch kind {
        case .boolean: return .bool(false)
        case .choice: return .text(options?.first ?? "")
        case .number: return .number(Swift.min(Swift.max(0, min ?? 0), max ?? .infinity))
        case .text: return .text("")
        }
    }

    /// Why `value` does not fit this attribute, or nil when it does.
    public func problem(with value: AttributeValue) -> String? {
        switch (kind, value) {
        case (.boolean, .bool): return nil
        case (.boolean, _): return "\(name) is true or false."
        case (.choice, .text(let text)):
            let options = options ?? []
            return options.contains(text) ? nil : "\(name) is one of \(options.joined(separator: ", "))."
        case (.choice, _): return "\(name) is one of \((options ?? []).joined(separator: ", "))."
        case (.number, .number(let number)):
            guard number.isFinite else { return "\(name) must be a finite number." }
            if let min, number < min { return "\(name) is at least \(AttributeValue.number(min).text)." }
            if let max, number > max { return "\(name) is at most \(AttributeValue.number(max).text)." }
            return nil
        case (.number, _): return "\(name) is a number."
        case (.text, .text(let text)): return text.count <= Self.maxText ? nil : "\(name) is at most \(Self.maxText) characters."
        case (.text, _): return "\(name) is text."
        }
    }
}

extension Array where Element == AttributeSpec {
    /// The specs a label may have, tidied (names and options trimmed), or the first problem naming
    /// its field (`attributes[1].options`).
    public func validatedSchema() throws(ShapeRuleViolation) -> [AttributeSpec] {
        guard count <= AttributeSpec.maxPerLabel else {
            throw ShapeRuleViolation(field: "attributes", message: "A label has at most \(AttributeSpec.maxPerLabel) attributes.")
        }
        var names = Set<String>()
        var result: [AttributeSpec] = []
        for (index, raw) in enumerated() {
            let path = "attributes[\(index)]"
            var spec = raw
            spec.name = raw.name.trimmingCharacters(in: .whitespacesAndNewlines)
            guard (1...40).contains(spec.name.count), !spec.name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw ShapeRuleViolation(field: "\(path).name", message: "An attribute's name is 1–40 characters.")
            }
            guard names.insert(spec.name.lowercased()).inserted else {
                throw ShapeRuleViolation(field: "\(path).name", message: "The label already has an attribute named \(spec.name).")
            }
            switch spec.kind {
            case .choice:
                let options = (raw.options ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                guard (1...AttributeSpec.maxOptions).contains(options.count) else {
                    throw ShapeRuleViolation(field: "\(path).options", message: "A choice has 1–\(AttributeSpec.maxOptions) options.")
                }
                guard options.allSatisfy({ (1...100).contains($0.count) }), Set(options).count == options.count else {
                    throw ShapeRuleViolation(field: "\(path).options", message: "Each option is 1–100 characters, and each is different.")
                }
                (spec.options, spec.min, spec.max) = (options, nil, nil)
            case .number:
                for (name, bound) in [("min", raw.min), ("max", raw.max)] where bound.map({ !$0.isFinite }) == true {
                    throw ShapeRuleViolation(field: "\(path).\(name)", message: "\(name) must be a finite number.")
                }
                if let min = raw.min, let max = raw.max, min > max {
                    throw ShapeRuleViolation(field: "\(path).max", message: "max must not be below min.")
                }
                spec.options = nil
            case .boolean, .text:
                (spec.options, spec.min, spec.max) = (nil, nil, nil)
            }
            if let value = spec.default, let problem = spec.problem(with: value) {
                throw ShapeRuleViolation(field: "\(path).default", message: "The default does not fit: \(problem)")
            }
            result.append(spec)
        }
        return result
    }

    /// Checks a shape's values: every name is one of these attributes, every value fits it.
    /// `path` is the shape's (`shapes[3]`), so errors name `shapes[3].attributes.colour`.
    public func check(_ values: AttributeValues, path: String) throws(ShapeRuleViolation) {
        for name in values.keys.sorted() {
            guard let spec = first(where: { $0.name == name }) else {
                let known = isEmpty ? "Its label has no attributes." : "Its label's attributes are \(map(\.name).joined(separator: ", "))."
                throw ShapeRuleViolation(field: "\(path).attributes.\(name)", message: "No attribute \(name). \(known)")
            }
            if let problem = spec.problem(with: values[name]!) {
                throw ShapeRuleViolation(field: "\(path).attributes.\(name)", message: problem)
            }
        }
    }

    /// The values that still fit these attributes; the rest are dropped (an attribute removed from
    /// the label, an option taken away, a shape moved to another label).
    public func conforming(_ values: AttributeValues) -> AttributeValues {
        values.filter { name, value in
            guard let spec = first(where: { $0.name == name }) else { return false }
            return spec.problem(with: value) == nil
        }
    }

    /// Every attribute in order, with the shape's value or the default: what an export writes.
    public func completed(_ values: AttributeValues) -> [(name: String, value: AttributeValue)] {
        map { spec in (spec.name, values[spec.name].flatMap { spec.problem(with: $0) == nil ? $0 : nil } ?? spec.defaultValue) }
    }
}
