// A box a detector predicts or learns from: class, score, and extent in pixels (x, y: top-left).

public struct DetectionBox: Sendable, Equatable, Codable {
    public var classIndex: Int
    public var score: Float
    public var x: Float
    public var y: Float
    public var width: Float
    public var height: Float

    public init(classIndex: Int, score: Float = 1, x: Float, y: Float, width: Float, height: Float) {
        (self.classIndex, self.score, self.x, self.y, self.width, self.height) = (classIndex, score, x, y, width, height)
    }

    public var area: Float { max(width, 0) * max(height, 0) }

    /// Intersection over union with `other` (0 when either has no area).
    public func iou(_ other: DetectionBox) -> Float {
        let left = max(x, other.x), top = max(y, other.y)
        let right = min(x + width, other.x + other.width), bottom = min(y + height, other.y + other.height)
        let intersection = max(0, right - left) * max(0, bottom - top)
        let union = area + other.area - intersection
        return union > 0 ? intersection / union : 0
    }
}
