// A polygon proposed for the object in a rough box: GrabCut on the box and a margin around it (at most
// 200 px across, so a proposal takes a fraction of a second), its largest region's outline, simplified
// to at most `maxVertices`. Clicks the annotator adds mark pixels as certainly object or background.
// Classical, so it needs no trained weights: colour models inside and around the box and a graph cut
// that prefers boundaries on colour edges.

public enum SmartPolygon {
    /// The working resolution's longer side: enough for outlines within a pixel or two of a 2048-px
    /// rendition's box, small enough for a graph cut in tens of milliseconds.
    static let workingSide = 200

    /// The outline (image pixels, clockwise) of the object in `box` (x, y, w, h in image pixels) of the
    /// picture `image`, which shows the image at `scale` of its size (the display rendition). `include`
    /// and `exclude` are clicks (image pixels) on the object and off it. Empty when nothing was found.
    public static func propose(in image: RasterImage, scale: Double, box: (x: Double, y: Double, width: Double, height: Double),
                               include: [(x: Double, y: Double)] = [], exclude: [(x: Double, y: Double)] = [],
                               maxVertices: Int = 40) -> [(x: Double, y: Double)] {
        // The box and a margin around it (the background's colours), in the picture's pixels.
        let (bx, by, bw, bh) = (box.x * scale, box.y * scale, box.width * scale, box.height * scale)
        let margin = max(8, 0.15 * max(bw, bh))
        let crop = image.cropped(x: bx - margin, y: by - margin, width: bw + 2 * margin, height: bh + 2 * margin)
        let left = Double(min(max(Int((bx - margin).rounded(.down)), 0), image.width - 1))
        let top = Double(min(max(Int((by - margin).rounded(.down)), 0), image.height - 1))
        let small = max(crop.width, crop.height) > workingSide ? crop.downscaled(toFit: workingSide) : crop
        let f = Double(small.width) / Double(crop.width)  // working pixels per picture pixel
        func working(_ x: Double, _ y: Double) -> (Int, Int) {
            (Int(((x * scale - left) * f).rounded(.down)), Int(((y * scale - top) * f).rounded(.down)))
        }
        let (x0, y0) = working(box.x, box.y), (x1, y1) = working(box.x + box.width, box.y + box.height)
        var cut = GrabCut(image: small.channels == 3 ? small : small.flattened(),
                          box: (max(0, x0), max(0, y0), min(small.width, max(x1, x0 + 1)), min(small.height, max(y1, y0 + 1))))
        for click in include { let (x, y) = working(click.x, click.y); cut.mark(x: x, y: y, radius: 2, as: .object) }
        for click in exclude { let (x, y) = working(click.x, click.y); cut.mark(x: x, y: y, radius: 2, as: .background) }
        cut.run()
        let start = include.first.map { click -> Int in
            let (x, y) = working(click.x, click.y)
            return min(max(y, 0), small.height - 1) * small.width + min(max(x, 0), small.width - 1)
        }
        let region = Outline.region(cut.isObject, width: small.width, height: small.height, containing: start)
        guard region.contains(true) else { return [] }
        let corners = Outline.boundary(region, width: small.width, height: small.height)
        var tolerance = 0.7
        var outline = Outline.simplified(corners, tolerance: tolerance)
        while outline.count > maxVertices {
            tolerance *= 1.4
            outline = Outline.simplified(corners, tolerance: tolerance)
        }
        return outline.map { corner in ((left + corner.0 / f) / scale, (top + corner.1 / f) / scale) }
    }
}
