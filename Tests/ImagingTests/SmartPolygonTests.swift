// Smart polygons on real photos: proposals from a box around each hand-outlined object, scored by
// IoU against the hand outline, beside the IoU of the box itself; clicks refine; outlines stay small.
import Foundation
import Testing
@testable import Imaging

struct HandOutlined: Decodable {
    struct Object: Decodable {
        let photo: String
        let name: String
        let polygon: [[Double]]
    }
    let objects: [Object]

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Photos")

    static func load() throws -> HandOutlined {
        try JSONDecoder().decode(HandOutlined.self, from: Data(contentsOf: folder.appendingPathComponent("objects.json")))
    }

    static func photo(_ name: String) throws -> RasterImage {
        try Imaging.decode([UInt8](Data(contentsOf: folder.appendingPathComponent(name))))
    }
}

/// Area of overlap over area of union of two polygons, by sampling every pixel centre of their bounds.
func intersectionOverUnion(_ a: [(x: Double, y: Double)], _ b: [(x: Double, y: Double)]) -> Double {
    func inside(_ polygon: [(x: Double, y: Double)], _ x: Double, _ y: Double) -> Bool {
        var result = false
        var j = polygon.count - 1
        for i in polygon.indices {
            let (p, q) = (polygon[i], polygon[j])
            if (p.y > y) != (q.y > y), x < (q.x - p.x) * (y - p.y) / (q.y - p.y) + p.x { result.toggle() }
            j = i
        }
        return result
    }
    let all = a + b
    let (x0, x1) = (Int(all.map(\.x).min()!), Int(all.map(\.x).max()!.rounded(.up)))
    let (y0, y1) = (Int(all.map(\.y).min()!), Int(all.map(\.y).max()!.rounded(.up)))
    var (both, either) = (0, 0)
    for y in y0...y1 { for x in x0...x1 {
        let (inA, inB) = (inside(a, Double(x) + 0.5, Double(y) + 0.5), inside(b, Double(x) + 0.5, Double(y) + 0.5))
        if inA && inB { both += 1 }
        if inA || inB { either += 1 }
    } }
    return either == 0 ? 0 : Double(both) / Double(either)
}

@Suite struct SmartPolygonTests {
    /// The box a person would drag: the outline's bounds, a few pixels loose.
    static func box(around polygon: [(x: Double, y: Double)]) -> (x: Double, y: Double, width: Double, height: Double) {
        let (x0, x1) = (polygon.map(\.x).min()! - 4, polygon.map(\.x).max()! + 4)
        let (y0, y1) = (polygon.map(\.y).min()! - 4, polygon.map(\.y).max()! + 4)
        return (x0, y0, x1 - x0, y1 - y0)
    }

    @Test func proposalsFromABoxFollowHandOutlinesOnRealPhotos() throws {
        var scores: [(String, Double, Double, Int)] = []
        for object in try HandOutlined.load().objects {
            let image = try HandOutlined.photo(object.photo)
            let hand = object.polygon.map { (x: $0[0], y: $0[1]) }
            let box = Self.box(around: hand)
            let proposal = SmartPolygon.propose(in: image, scale: 1, box: box)
            let corners = [(x: box.x, y: box.y), (box.x + box.width, box.y), (box.x + box.width, box.y + box.height), (box.x, box.y + box.height)]
            scores.append((object.name, intersectionOverUnion(proposal, hand), intersectionOverUnion(corners, hand), proposal.count))
        }
        for (name, iou, boxIoU, vertices) in scores { print("smart polygon: \(name): IoU \(iou), box \(boxIoU), \(vertices) vertices") }
        let mean = scores.map(\.1).reduce(0, +) / Double(scores.count)
        let boxMean = scores.map(\.2).reduce(0, +) / Double(scores.count)
        #expect(mean > 0.78, "mean IoU \(mean)")
        #expect(mean > boxMean + 0.1, "a proposal beats the box it came from: \(mean) vs \(boxMean)")
        #expect(scores.allSatisfy { (3...40).contains($0.3) })
    }

    @Test func aClickOnTheObjectChoosesItAndAClickOffItTakesAPartAway() throws {
        let coins = try HandOutlined.photo("coins.png")
        func circle(_ cx: Double, _ cy: Double, _ r: Double) -> [(x: Double, y: Double)] {
            (0..<32).map { (cx + r * cos(Double($0) * .pi / 16), cy + r * sin(Double($0) * .pi / 16)) }
        }
        // A box over two coins: the larger is proposed, and a click on the smaller one chooses it
        let big = circle(334, 44, 29), small = circle(275, 52, 20)
        let box = (x: 250.0, y: 12.0, width: 116.0, height: 66.0)
        #expect(intersectionOverUnion(SmartPolygon.propose(in: coins, scale: 1, box: box), big) > 0.8)
        let chosen = SmartPolygon.propose(in: coins, scale: 1, box: box, include: [(275, 52)])
        #expect(intersectionOverUnion(chosen, small) > 0.6 && intersectionOverUnion(chosen, big) < 0.1)
        // A click off the object (here: on the coin's left part) is background in the next proposal
        let coin = circle(346, 186, 31)
        let around = Self.box(around: coin)
        let plain = SmartPolygon.propose(in: coins, scale: 1, box: around)
        let cut = SmartPolygon.propose(in: coins, scale: 1, box: around, exclude: [(322, 186), (326, 176), (326, 196)])
        #expect(intersectionOverUnion(cut, coin) < intersectionOverUnion(plain, coin))
    }

    @Test func outlinesAreTracedAndSimplified() {
        // A 6 × 4 block in an 10 × 8 mask: its corners, clockwise from the top-left
        var mask = [Bool](repeating: false, count: 80)
        for y in 2..<6 { for x in 3..<9 { mask[y * 10 + x] = true } }
        let corners = Outline.simplified(Outline.boundary(mask, width: 10, height: 8), tolerance: 0.5)
        #expect(corners.map { [$0.0, $0.1] } == [[3, 2], [9, 2], [9, 6], [3, 6]])
        // The larger of two regions wins unless a pixel names the other
        var two = mask
        two[0] = true
        #expect(Outline.region(two, width: 10, height: 8).filter { $0 }.count == 24)
        #expect(Outline.region(two, width: 10, height: 8, containing: 0).filter { $0 }.count == 1)
    }
}
