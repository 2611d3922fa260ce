// What a CenterNet-style head learns for one image: per class, a heatmap that is 1 at each object's
// centre cell and a Gaussian bump around it; at each centre, the box size (in output cells) and the
// centre's sub-cell offset.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public struct CenterNetTargets: Sendable {
    /// (H', W', K)
    public var heatmap: [Float]
    /// (H', W', 4): width, height, offset x, offset y at centre cells; 0 elsewhere.
    public var regression: [Float]
    /// (H', W', 4): 1 where `regression` holds a value to learn.
    public var mask: [Float]
    public var objects: Int

    /// `boxes` in input pixels; the output grid is (side/stride)².
    public init(boxes: [DetectionBox], side: Int, stride: Int, classes: Int) {
        let cells = side / stride
        heatmap = [Float](repeating: 0, count: cells * cells * classes)
        regression = [Float](repeating: 0, count: cells * cells * 4)
        mask = regression
        objects = 0
        for box in boxes where box.width > 0 && box.height > 0 {
            let (w, h) = (box.width / Float(stride), box.height / Float(stride))
            let (cx, cy) = ((box.x + box.width / 2) / Float(stride), (box.y + box.height / 2) / Float(stride))
            let (ix, iy) = (min(cells - 1, max(0, Int(cx))), min(cells - 1, max(0, Int(cy))))
            let radius = max(0, Int(Self.gaussianRadius(width: w, height: h)))
            let sigma = Float(2 * radius + 1) / 6
            for y in max(0, iy - radius)...min(cells - 1, iy + radius) {
                for x in max(0, ix - radius)...min(cells - 1, ix + radius) {
                    let (dx, dy) = (Float(x - ix), Float(y - iy))
                    let value = (x == ix && y == iy) ? 1 : expf(-(dx * dx + dy * dy) / (2 * sigma * sigma))
                    let index = (y * cells + x) * classes + box.classIndex
                    heatmap[index] = max(heatmap[index], value)
                }
            }
            let cell = (iy * cells + ix) * 4
            regression.replaceSubrange(cell..<cell + 4, with: [w, h, cx - Float(ix), cy - Float(iy)])
            mask.replaceSubrange(cell..<cell + 4, with: [1, 1, 1, 1])
            objects += 1
        }
    }

    /// CenterNet's radius (in cells) within which a shifted box still overlaps the true one by 0.7 IoU.
    static func gaussianRadius(width: Float, height: Float, minOverlap: Float = 0.7) -> Float {
        let b1 = height + width, c1 = width * height * (1 - minOverlap) / (1 + minOverlap)
        let r1 = (b1 + (b1 * b1 - 4 * c1).squareRoot()) / 2
        let b2 = 2 * (height + width), c2 = (1 - minOverlap) * width * height
        let r2 = (b2 + (b2 * b2 - 16 * c2).squareRoot()) / 2
        let a3 = 4 * minOverlap, b3 = -2 * minOverlap * (height + width), c3 = (minOverlap - 1) * width * height
        let r3 = (b3 + (b3 * b3 - 4 * a3 * c3).squareRoot()) / 2
        return min(r1, r2, r3)
    }
}
