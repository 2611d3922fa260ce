// The rules a saved set of shapes must follow, each failure naming the field path at fault.
// Boxes and polygon points outside the image are clamped to its edges (documented in the README);
// what is left must still be a real shape.

public struct ShapeRuleViolation: Error, Equatable, Sendable {
    /// e.g. `shapes[2].points[5].x`
    public let field: String
    public let message: String
}

public struct ShapeValidation: Sendable {
    public var maxShapes = 5_000
    public var maxVertices = 10_000

    public init() {}

    /// Checks and normalises `shapes` for an image of `width` × `height` whose project has `labels`,
    /// whose attributes are `schemas` by label (a label missing there has none). Returns the shapes
    /// with coordinates clamped to the image.
    public func validated(_ shapes: [Shape], width: Int, height: Int, labels: Set<Int64>,
                          schemas: [Int64: [AttributeSpec]] = [:]) throws -> [Shape] {
        guard shapes.count <= maxShapes else {
            throw ShapeRuleViolation(field: "shapes", message: "At most \(maxShapes) shapes per image.")
        }
        let (w, h) = (Double(width), Double(height))
        var tagged = Set<Int64>()
        return try shapes.enumerated().map { index, shape in
            let path = "shapes[\(index)]"
            guard labels.contains(shape.labelID) else {
                throw ShapeRuleViolation(field: "\(path).label_id", message: "Label \(shape.labelID) is not a label of this project.")
            }
            let values = shape.attributes
            if !values.isEmpty { try (schemas[shape.labelID] ?? []).check(values, path: path) }
            switch shape {
            case .box(let label, let x, let y, let bw, let bh, _):
                for (name, value) in [("x", x), ("y", y), ("w", bw), ("h", bh)] where !value.isFinite {
                    throw ShapeRuleViolation(field: "\(path).\(name)", message: "\(name) must be a finite number.")
                }
                guard bw > 0, bh > 0 else {
                    throw ShapeRuleViolation(field: "\(path).\(bw > 0 ? "h" : "w")", message: "A box needs a positive width and height.")
                }
                let left = Geometry.clamp(x, to: w), top = Geometry.clamp(y, to: h)
                let right = Geometry.clamp(x + bw, to: w), bottom = Geometry.clamp(y + bh, to: h)
                guard right > left, bottom > top else {
                    throw ShapeRuleViolation(field: path, message: "The box lies outside the image.")
                }
                return .box(labelID: label, x: left, y: top, width: right - left, height: bottom - top, attributes: values)
            case .polygon(let label, let points, _):
                guard points.count <= maxVertices else {
                    throw ShapeRuleViolation(field: "\(path).points", message: "At most \(maxVertices) points per polygon.")
                }
                for (i, point) in points.enumerated() {
                    if !point.x.isFinite { throw ShapeRuleViolation(field: "\(path).points[\(i)].x", message: "x must be a finite number.") }
                    if !point.y.isFinite { throw ShapeRuleViolation(field: "\(path).points[\(i)].y", message: "y must be a finite number.") }
                }
                let clamped = points.map { Point(x: Geometry.clamp($0.x, to: w), y: Geometry.clamp($0.y, to: h)) }
                let distinct = clamped.reduce(into: [Point]()) { if !$0.contains($1) { $0.append($1) } }
                guard distinct.count >= 3 else {
                    throw ShapeRuleViolation(field: "\(path).points", message: "A polygon needs at least 3 distinct points.")
                }
                guard Geometry.area(of: clamped) > 0 else {
                    throw ShapeRuleViolation(field: "\(path).points", message: "The polygon has no area (its points are on one line).")
                }
                return .polygon(labelID: label, points: clamped, attributes: values)
            case .tag(let label, _):
                guard tagged.insert(label).inserted else {
                    throw ShapeRuleViolation(field: "\(path).label_id", message: "This tag is already on the image.")
                }
                return shape
            }
        }
    }
}
