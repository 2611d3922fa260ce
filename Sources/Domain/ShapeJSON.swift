// Shapes as the API sends and receives them: `type` says which of the other fields a shape uses.
// Turning one back into a shape names the missing or malformed field (`shapes[2].w`).

/// Why a shape's JSON makes no shape: the field at fault, what is wrong, and the API error code
/// (`missing_field` or `invalid_field`).
public struct ShapeJSONError: Error, Equatable, Sendable {
    public let field: String
    public let message: String
    public let code: String
}

public struct ShapeJSON: Codable, Sendable {
    public let type: String
    public let labelId: Int64
    public var x: Double?
    public var y: Double?
    public var w: Double?
    public var h: Double?
    public var points: [[Double]]?
    /// Tags and boxes: the model version whose suggestion the annotator accepted.
    public var suggestedByVersionId: Int64?
    /// Boxes only: the detector suggestion this box was accepted from.
    public var suggestionId: Int64?
    /// Boxes from a suggestion (read back only): whether the box differs from what was suggested.
    public var edited: Bool?
    /// Values of the label's attributes, by name; absent when none is set.
    public var attributes: AttributeValues?

    /// The shape at `position` of a set, with where it came from.
    public init(_ shape: Shape, position: Int, origins: ShapeOrigins = ShapeOrigins()) {
        labelId = shape.labelID
        type = shape.kind
        attributes = shape.attributes.isEmpty ? nil : shape.attributes
        switch shape {
        case .box(_, let x, let y, let w, let h, _):
            (self.x, self.y, self.w, self.h) = (x, y, w, h)
            if let suggestion = origins.boxSuggestions[position] {
                suggestionId = suggestion
                suggestedByVersionId = origins.suggestionVersions[suggestion]
                edited = origins.editedSuggestions.contains(suggestion)
            }
        case .polygon(_, let points, _): self.points = points.map { [$0.x, $0.y] }
        case .tag(let label, _): suggestedByVersionId = origins.tagVersions[label]
        }
    }

    /// The domain shape, for the shape at `index` of a set.
    public func shape(at index: Int) throws(ShapeJSONError) -> Shape {
        let path = "shapes[\(index)]"
        func need(_ value: Double?, _ name: String) throws(ShapeJSONError) -> Double {
            guard let value else {
                throw ShapeJSONError(field: "\(path).\(name)", message: "\(path).\(name) is required for a \(type).", code: "missing_field")
            }
            return value
        }
        if suggestionId != nil, type != "bbox" {
            throw ShapeJSONError(field: "\(path).suggestion_id", message: "Only a box can be accepted from a box suggestion.", code: "invalid_field")
        }
        let values = attributes ?? [:]
        switch type {
        case "bbox":
            return .box(labelID: labelId, x: try need(x, "x"), y: try need(y, "y"), width: try need(w, "w"), height: try need(h, "h"),
                        attributes: values)
        case "polygon":
            guard let points else {
                throw ShapeJSONError(field: "\(path).points", message: "\(path).points is required for a polygon.", code: "missing_field")
            }
            var vertices: [Point] = []
            vertices.reserveCapacity(points.count)
            for (i, pair) in points.enumerated() {
                guard pair.count == 2 else {
                    throw ShapeJSONError(field: "\(path).points[\(i)]", message: "Each point is [x, y].", code: "invalid_field")
                }
                vertices.append(Point(x: pair[0], y: pair[1]))
            }
            return .polygon(labelID: labelId, points: vertices, attributes: values)
        case "tag":
            return .tag(labelID: labelId, attributes: values)
        default:
            throw ShapeJSONError(field: "\(path).type", message: "type is bbox, polygon or tag.", code: "invalid_field")
        }
    }
}

/// An image's whole set of shapes, with the revision it is at (GET) or replaces (PUT). A PUT may
/// also say which of the image's box suggestions its author rejected, and which are open again (an
/// undone accept or rejection); a box with a `suggestion_id` accepts that suggestion.
public struct AnnotationSetJSON: Codable, Sendable {
    public let revision: Int
    public let shapes: [ShapeJSON]
    public var rejectedSuggestions: [Int64]?
    public var openSuggestions: [Int64]?

    public init(revision: Int, shapes: [ShapeJSON]) {
        self.revision = revision
        self.shapes = shapes
    }

    /// Where the set's shapes came from: accepted tags by label, accepted boxes by position.
    public var origins: ShapeOrigins {
        var origins = ShapeOrigins()
        for (position, shape) in shapes.enumerated() {
            if shape.type == "tag", let version = shape.suggestedByVersionId { origins.tagVersions[shape.labelId] = version }
            if shape.type == "bbox", let suggestion = shape.suggestionId { origins.boxSuggestions[position] = suggestion }
        }
        return origins
    }

    /// The domain shapes, or the first shape's error.
    public func domainShapes() throws(ShapeJSONError) -> [Shape] {
        var result: [Shape] = []
        result.reserveCapacity(shapes.count)
        for (index, shape) in shapes.enumerated() { result.append(try shape.shape(at: index)) }
        return result
    }
}
