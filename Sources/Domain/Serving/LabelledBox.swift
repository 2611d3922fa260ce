// Comparing two detectors' answers on one image: boxes matched greedily by IoU within a label.

public struct LabelledBox: Equatable, Sendable {
    public let label: String
    /// [x, y, w, h]
    public let bbox: [Double]

    public init(label: String, bbox: [Double]) { (self.label, self.bbox) = (label, bbox) }

    public func iou(_ other: LabelledBox) -> Double {
        guard bbox.count == 4, other.bbox.count == 4 else { return 0 }
        let x0 = max(bbox[0], other.bbox[0]), y0 = max(bbox[1], other.bbox[1])
        let x1 = min(bbox[0] + bbox[2], other.bbox[0] + other.bbox[2]), y1 = min(bbox[1] + bbox[3], other.bbox[1] + other.bbox[3])
        let overlap = max(0, x1 - x0) * max(0, y1 - y0)
        let union = bbox[2] * bbox[3] + other.bbox[2] * other.bbox[3] - overlap
        return union > 0 ? overlap / union : 0
    }

    /// F1 of a one-to-one matching at IoU ≥ 0.5 within labels (1 when both are empty).
    public static func matchF1(_ a: [LabelledBox], _ b: [LabelledBox]) -> Double {
        if a.isEmpty && b.isEmpty { return 1 }
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        var pairs: [(Double, Int, Int)] = []
        for (i, box) in a.enumerated() {
            for (j, other) in b.enumerated() where box.label == other.label {
                let overlap = box.iou(other)
                if overlap >= 0.5 { pairs.append((overlap, i, j)) }
            }
        }
        var usedA = Set<Int>(), usedB = Set<Int>()
        for (_, i, j) in pairs.sorted(by: { $0.0 > $1.0 }) where !usedA.contains(i) && !usedB.contains(j) {
            usedA.insert(i)
            usedB.insert(j)
        }
        return 2 * Double(usedA.count) / Double(a.count + b.count)
    }
}
