// GrabCut (Rother, Kolmogorov and Blake, 2004) on a small RGB image: everything outside the box is
// background for certain, inside it the object is to be found. Colour models for the object and its
// surroundings and a graph cut (colour cost per pixel, plus a cost for cutting between similar
// neighbours) take turns, a few times; clicks fix pixels to the object or the background.
import Foundation

struct GrabCut {
    enum Seed: UInt8 { case background = 0, object = 1, maybeBackground = 2, maybeObject = 3 }

    let width: Int
    let height: Int
    /// RGB, row by row.
    let colours: [SIMD3<Double>]
    var seeds: [Seed]

    /// `box`: the pixels where the object may be (others are background), as [x0, y0, x1, y1) in this image.
    init(image: RasterImage, box: (Int, Int, Int, Int)) {
        (width, height) = (image.width, image.height)
        colours = (0..<(width * height)).map { i in
            let p = i * image.channels
            return SIMD3(Double(image.pixels[p]), Double(image.pixels[p + 1]), Double(image.pixels[p + 2]))
        }
        let columns = image.width
        seeds = (0..<(image.width * image.height)).map { i in
            let (x, y) = (i % columns, i / columns)
            return x >= box.0 && x < box.2 && y >= box.1 && y < box.3 ? .maybeObject : .background
        }
    }

    /// Pixels within `radius` of (x, y) become certain object or certain background.
    mutating func mark(x: Int, y: Int, radius: Int, as seed: Seed) {
        for dy in -radius...radius { for dx in -radius...radius where dx * dx + dy * dy <= radius * radius {
            let (px, py) = (x + dx, y + dy)
            if px >= 0, px < width, py >= 0, py < height { seeds[py * width + px] = seed }
        } }
    }

    var isObject: [Bool] { seeds.map { $0 == .object || $0 == .maybeObject } }

    /// Runs the alternation `rounds` times; afterwards `isObject` is the segmentation.
    mutating func run(rounds: Int = 4) {
        var object = isObject
        let objectIndices = seeds.indices.filter { object[$0] }
        let backgroundIndices = seeds.indices.filter { !object[$0] }
        guard !objectIndices.isEmpty, !backgroundIndices.isEmpty else { return }
        var (objectModel, _) = ColourModel.fitted(objectIndices.map { colours[$0] })
        var (backgroundModel, _) = ColourModel.fitted(backgroundIndices.map { colours[$0] })
        let beta = contrastScale()
        for round in 0..<rounds {
            if round > 0 {
                // Each pixel to its likeliest component, then the components fitted again.
                object = isObject
                let inside = seeds.indices.filter { object[$0] }, outside = seeds.indices.filter { !object[$0] }
                guard !inside.isEmpty, !outside.isEmpty else { return }
                objectModel.learn(inside.map { colours[$0] }, labels: inside.map { objectModel.likeliest(colours[$0]) },
                                  count: ColourModel.components)
                backgroundModel.learn(outside.map { colours[$0] }, labels: outside.map { backgroundModel.likeliest(colours[$0]) },
                                      count: ColourModel.components)
            }
            cut(objectModel: objectModel, backgroundModel: backgroundModel, beta: beta)
        }
    }

    /// β of the boundary term: the inverse of twice the mean squared colour step between neighbours.
    func contrastScale() -> Double {
        var sum = 0.0, count = 0.0
        for y in 0..<height { for x in 0..<width {
            let c = colours[y * width + x]
            for (dx, dy) in [(1, 0), (0, 1), (1, 1), (-1, 1)] {
                let (nx, ny) = (x + dx, y + dy)
                guard nx >= 0, nx < width, ny < height else { continue }
                sum += ColourModel.distance(c, colours[ny * width + nx]); count += 1
            }
        } }
        return sum > 0 ? count / (2 * sum) : 0
    }

    private mutating func cut(objectModel: ColourModel, backgroundModel: ColourModel, beta: Double) {
        let gamma = 50.0
        let certain = Float(9 * gamma)  // more than any pixel's neighbours can carry: never cut
        var graph = MaxFlow(nodes: width * height, edgesHint: width * height * 5)
        for (i, seed) in seeds.enumerated() {
            switch seed {
            case .object: graph.terminals(i, source: certain, sink: 0)
            case .background: graph.terminals(i, source: 0, sink: certain)
            default:
                // Labelling it object costs its colour's cost under the object model, and vice versa.
                graph.terminals(i, source: Float(backgroundModel.cost(colours[i])), sink: Float(objectModel.cost(colours[i])))
            }
        }
        for y in 0..<height { for x in 0..<width {
            let i = y * width + x
            for (dx, dy) in [(1, 0), (0, 1), (1, 1), (-1, 1)] {
                let (nx, ny) = (x + dx, y + dy)
                guard nx >= 0, nx < width, ny < height else { continue }
                let j = ny * width + nx
                let weight = gamma / (dx != 0 && dy != 0 ? 2.0.squareRoot() : 1) * exp(-beta * ColourModel.distance(colours[i], colours[j]))
                graph.edge(i, j, Float(weight))
            }
        } }
        graph.solve()
        for i in seeds.indices where seeds[i] == .maybeObject || seeds[i] == .maybeBackground {
            seeds[i] = graph.isSourceSide(i) ? .maybeObject : .maybeBackground
        }
    }
}
