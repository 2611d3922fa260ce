// From a mask to a polygon: the largest connected region (or the one holding a given pixel), its
// outer boundary traced pixel by pixel, then simplified (Douglas–Peucker) to few enough vertices.

enum Outline {
    /// The region (8-connected) of `mask` containing `start`, or else the largest one.
    static func region(_ mask: [Bool], width: Int, height: Int, containing start: Int? = nil) -> [Bool] {
        var label = [Int32](repeating: -1, count: mask.count)
        var sizes: [Int] = []
        for seed in mask.indices where mask[seed] && label[seed] < 0 {
            let id = Int32(sizes.count)
            var stack = [seed], size = 0
            label[seed] = id
            while let i = stack.popLast() {
                size += 1
                let (x, y) = (i % width, i / width)
                for dy in -1...1 { for dx in -1...1 {
                    let (nx, ny) = (x + dx, y + dy)
                    guard nx >= 0, nx < width, ny >= 0, ny < height else { continue }
                    let j = ny * width + nx
                    if mask[j], label[j] < 0 { label[j] = id; stack.append(j) }
                } }
            }
            sizes.append(size)
        }
        guard !sizes.isEmpty else { return mask }
        let chosen = start.flatMap { label[$0] >= 0 ? label[$0] : nil } ?? Int32(sizes.indices.max { sizes[$0] < sizes[$1] }!)
        return label.map { $0 == chosen }
    }

    /// The outer boundary of a region as pixel corners, clockwise, by walking its edge with the region
    /// on the right: every boundary vertex once, holes ignored.
    static func boundary(_ region: [Bool], width: Int, height: Int) -> [(Double, Double)] {
        func inside(_ x: Int, _ y: Int) -> Bool { x >= 0 && x < width && y >= 0 && y < height && region[y * width + x] }
        guard let first = region.firstIndex(of: true) else { return [] }
        // Start at the top-left corner of the first pixel (row-major), heading right along its top edge.
        let (sx, sy) = (first % width, first / width)
        var (x, y, dx, dy) = (sx, sy, 1, 0)
        var points: [(Double, Double)] = []
        repeat {
            points.append((Double(x), Double(y)))
            // At corner (x, y) heading (dx, dy): the two pixels along the edge ahead decide the turn.
            let (left, right): ((Int, Int), (Int, Int)) = switch (dx, dy) {
            case (1, 0): ((x, y - 1), (x, y))
            case (0, 1): ((x, y), (x - 1, y))
            case (-1, 0): ((x - 1, y), (x - 1, y - 1))
            default: ((x - 1, y - 1), (x, y - 1))
            }
            let aheadLeft = inside(left.0, left.1), aheadRight = inside(right.0, right.1)
            if aheadLeft { (dx, dy) = (dy, -dx) }            // turn left
            else if !aheadRight { (dx, dy) = (-dy, dx) }     // turn right
            x += dx; y += dy
        } while !(x == sx && y == sy) && points.count <= 4 * (width + 1) * (height + 1)
        return points
    }

    /// Douglas–Peucker on a closed outline: the fewest vertices within `tolerance` of it.
    static func simplified(_ points: [(Double, Double)], tolerance: Double) -> [(Double, Double)] {
        guard points.count > 4 else { return points }
        // Split the ring at its first point and the point farthest from it; simplify each half.
        let far = points.indices.max { squared(points[$0], points[0]) < squared(points[$1], points[0]) }!
        let first = simplify(Array(points[0...far]), tolerance), second = simplify(Array(points[far...]) + [points[0]], tolerance)
        return Array(first.dropLast()) + Array(second.dropLast())
    }

    private static func squared(_ a: (Double, Double), _ b: (Double, Double)) -> Double {
        (a.0 - b.0) * (a.0 - b.0) + (a.1 - b.1) * (a.1 - b.1)
    }

    private static func simplify(_ points: [(Double, Double)], _ tolerance: Double) -> [(Double, Double)] {
        guard points.count > 2 else { return points }
        let (a, b) = (points[0], points[points.count - 1])
        let length = squared(a, b).squareRoot()
        var (worst, index) = (0.0, 0)
        for i in 1..<(points.count - 1) {
            let p = points[i]
            let d = length == 0 ? squared(p, a).squareRoot()
                : abs((b.1 - a.1) * p.0 - (b.0 - a.0) * p.1 + b.0 * a.1 - b.1 * a.0) / length
            if d > worst { (worst, index) = (d, i) }
        }
        guard worst > tolerance else { return [a, b] }
        let left = simplify(Array(points[0...index]), tolerance), right = simplify(Array(points[index...]), tolerance)
        return Array(left.dropLast()) + right
    }
}
