// An annotation on an image: a box, a polygon, or an image-level tag; coordinates in displayed
// pixels; each with the values of its label's attributes (`occluded`, `colour`, …) that were set.

public struct Point: Sendable, Equatable, Codable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

public enum Shape: Sendable, Equatable {
    case box(labelID: Int64, x: Double, y: Double, width: Double, height: Double, attributes: AttributeValues = [:])
    case polygon(labelID: Int64, points: [Point], attributes: AttributeValues = [:])
    case tag(labelID: Int64, attributes: AttributeValues = [:])

    public var labelID: Int64 {
        switch self {
        case .box(let label, _, _, _, _, _), .polygon(let label, _, _), .tag(let label, _): label
        }
    }

    public var attributes: AttributeValues {
        switch self {
        case .box(_, _, _, _, _, let values), .polygon(_, _, let values), .tag(_, let values): values
        }
    }

    /// The same shape with other attribute values.
    public func with(attributes values: AttributeValues) -> Shape {
        switch self {
        case .box(let label, let x, let y, let w, let h, _): .box(labelID: label, x: x, y: y, width: w, height: h, attributes: values)
        case .polygon(let label, let points, _): .polygon(labelID: label, points: points, attributes: values)
        case .tag(let label, _): .tag(labelID: label, attributes: values)
        }
    }

    /// The same shape with another label. Its attribute values go along; the new label's
    /// attributes decide which still fit (`[AttributeSpec].conforming`).
    public func relabelled(to label: Int64) -> Shape {
        switch self {
        case .box(_, let x, let y, let w, let h, let values): .box(labelID: label, x: x, y: y, width: w, height: h, attributes: values)
        case .polygon(_, let points, let values): .polygon(labelID: label, points: points, attributes: values)
        case .tag(_, let values): .tag(labelID: label, attributes: values)
        }
    }

    public var kind: String {
        switch self {
        case .box: "bbox"
        case .polygon: "polygon"
        case .tag: "tag"
        }
    }
}
