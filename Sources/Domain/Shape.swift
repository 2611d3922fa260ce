// An annotation on an image: a box, a polygon, or an image-level tag; coordinates in displayed pixels.

public struct Point: Sendable, Equatable, Codable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

public enum Shape: Sendable, Equatable {
    case box(labelID: Int64, x: Double, y: Double, width: Double, height: Double)
    case polygon(labelID: Int64, points: [Point])
    case tag(labelID: Int64)

    public var labelID: Int64 {
        switch self {
        case .box(let label, _, _, _, _), .polygon(let label, _), .tag(let label): label
        }
    }

    /// The same shape with another label.
    public func relabelled(to label: Int64) -> Shape {
        switch self {
        case .box(_, let x, let y, let w, let h): .box(labelID: label, x: x, y: y, width: w, height: h)
        case .polygon(_, let points): .polygon(labelID: label, points: points)
        case .tag: .tag(labelID: label)
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
