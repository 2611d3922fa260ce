// One shape as COCO wants it: clipped to the image, a tight bbox, an area and a polygon segmentation.

public struct COCOAnnotation: Sendable, Equatable {
    /// [x, y, w, h] in absolute pixels, tightly around the segmentation.
    public let bbox: (x: Double, y: Double, width: Double, height: Double)
    /// Box: w·h. Polygon: the shoelace area.
    public let area: Double
    /// One polygon, flat: [x1, y1, x2, y2, …], at least 6 numbers. A box is its 4 corners, so
    /// segmentation-based evaluation works for boxes too.
    public let segmentation: [Double]

    public static func == (a: Self, b: Self) -> Bool {
        a.bbox == b.bbox && a.area == b.area && a.segmentation == b.segmentation
    }

    /// The annotation for a box or polygon on a `width` × `height` image, or nil for a tag or for a
    /// shape with nothing left inside the image. Coordinates are clipped, then rounded to hundredths
    /// of a pixel before the bbox and area are worked out, so the printed numbers agree with each
    /// other and an import of the file exports the same file again.
    public init?(_ shape: Shape, width: Int, height: Int) {
        let (w, h) = (Double(width), Double(height))
        switch shape {
        case .tag:
            return nil
        case .box(_, let x, let y, let bw, let bh, _):
            let left = Self.hundredths(Geometry.clamp(x, to: w)), top = Self.hundredths(Geometry.clamp(y, to: h))
            let right = Self.hundredths(Geometry.clamp(x + bw, to: w)), bottom = Self.hundredths(Geometry.clamp(y + bh, to: h))
            guard right > left, bottom > top else { return nil }
            bbox = (left, top, right - left, bottom - top)
            area = (right - left) * (bottom - top)
            segmentation = [left, top, right, top, right, bottom, left, bottom]
        case .polygon(_, let points, _):
            // One pass, one allocation: exports make a million of these.
            guard points.count >= 3 else { return nil }
            var flat = [Double](repeating: 0, count: points.count * 2)
            var (minX, minY, maxX, maxY) = (Double.infinity, Double.infinity, -Double.infinity, -Double.infinity)
            for (index, point) in points.enumerated() {
                let x = Self.hundredths(Geometry.clamp(point.x, to: w)), y = Self.hundredths(Geometry.clamp(point.y, to: h))
                flat[2 * index] = x
                flat[2 * index + 1] = y
                minX = min(minX, x); maxX = max(maxX, x)
                minY = min(minY, y); maxY = max(maxY, y)
            }
            let area = Geometry.area(flat: flat)
            guard area > 0 else { return nil }
            bbox = (minX, minY, maxX - minX, maxY - minY)
            self.area = area
            segmentation = flat
        }
    }

    static func hundredths(_ value: Double) -> Double { (value * 100).rounded() / 100 }

    /// Whether a flat polygon is exactly the 4-corner outline this writer gives a box, so an
    /// import can turn it back into a box.
    public static func boxCorners(_ flat: [Double]) -> (x: Double, y: Double, width: Double, height: Double)? {
        guard flat.count == 8 else { return nil }
        let (left, top, right, bottom) = (flat[0], flat[1], flat[4], flat[5])
        guard flat == [left, top, right, top, right, bottom, left, bottom], right > left, bottom > top else { return nil }
        return (left, top, right - left, bottom - top)
    }
}
