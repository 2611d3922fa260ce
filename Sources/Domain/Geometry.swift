// Plane geometry for shapes: polygon area, bounding boxes, clamping to the image.

public enum Geometry {
    /// Area by the shoelace formula (absolute value; orientation does not matter).
    public static func area(of points: [Point]) -> Double {
        guard points.count >= 3 else { return 0 }
        var twice = 0.0
        for (index, point) in points.enumerated() {
            let next = points[(index + 1) % points.count]
            twice += point.x * next.y - next.x * point.y
        }
        return abs(twice) / 2
    }

    /// The same for a flat [x1, y1, x2, y2, …] list.
    public static func area(flat: [Double]) -> Double {
        let count = flat.count / 2
        guard count >= 3 else { return 0 }
        var twice = 0.0
        for index in 0..<count {
            let next = (index + 1) % count
            twice += flat[2 * index] * flat[2 * next + 1] - flat[2 * next] * flat[2 * index + 1]
        }
        return abs(twice) / 2
    }

    /// The tight axis-aligned box around the points as (x, y, width, height).
    public static func bounds(of points: [Point]) -> (x: Double, y: Double, width: Double, height: Double) {
        guard let first = points.first else { return (0, 0, 0, 0) }
        var (minX, minY, maxX, maxY) = (first.x, first.y, first.x, first.y)
        for point in points.dropFirst() {
            minX = min(minX, point.x); maxX = max(maxX, point.x)
            minY = min(minY, point.y); maxY = max(maxY, point.y)
        }
        return (minX, minY, maxX - minX, maxY - minY)
    }

    static func clamp(_ value: Double, to upper: Double) -> Double { min(max(value, 0), upper) }
}
