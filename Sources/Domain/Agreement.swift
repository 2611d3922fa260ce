// Inter-annotator agreement: boxes matched at IoU ≥ 0.5 (agreement F1), and kappa for image tags
// (Cohen's for two annotators, Fleiss' for a fixed number of annotators per image).

public struct LabeledBox: Sendable, Equatable {
    public let labelID: Int64
    public let x: Double, y: Double, width: Double, height: Double

    public init(labelID: Int64, x: Double, y: Double, width: Double, height: Double) {
        self.labelID = labelID
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// Intersection over union of two boxes (0 when they do not overlap).
    public func iou(_ other: LabeledBox) -> Double {
        let ix = max(0, min(x + width, other.x + other.width) - max(x, other.x))
        let iy = max(0, min(y + height, other.y + other.height) - max(y, other.y))
        let intersection = ix * iy
        let union = width * height + other.width * other.height - intersection
        return union > 0 ? intersection / union : 0
    }
}

public enum Agreement {
    /// F1 = 2·matches / (|a| + |b|), where a match pairs boxes of the same label with IoU ≥
    /// `threshold`, greedily by highest IoU, each box used once. nil when neither drew a box.
    public static func boxF1(_ a: [LabeledBox], _ b: [LabeledBox], threshold: Double = 0.5) -> Double? {
        guard !(a.isEmpty && b.isEmpty) else { return nil }
        var pairs: [(iou: Double, i: Int, j: Int)] = []
        for (i, first) in a.enumerated() {
            for (j, second) in b.enumerated() where first.labelID == second.labelID {
                let overlap = first.iou(second)
                if overlap >= threshold { pairs.append((overlap, i, j)) }
            }
        }
        var usedA = Set<Int>(), usedB = Set<Int>()
        for pair in pairs.sorted(by: { $0.iou > $1.iou }) where !usedA.contains(pair.i) && !usedB.contains(pair.j) {
            usedA.insert(pair.i)
            usedB.insert(pair.j)
        }
        return 2 * Double(usedA.count) / Double(a.count + b.count)
    }

    /// Cohen's κ = (pₒ − pₑ) / (1 − pₑ) for two raters' categories of the same items: pₒ the share
    /// they agree on, pₑ = Σ_k p_A(k)·p_B(k) the agreement expected by chance. nil when undefined
    /// (no items, or both always chose one same category).
    public static func cohenKappa<C: Hashable>(_ a: [C], _ b: [C]) -> Double? {
        guard a.count == b.count, !a.isEmpty else { return nil }
        let n = Double(a.count)
        let observed = Double(zip(a, b).filter { $0 == $1 }.count) / n
        var countsA: [C: Double] = [:], countsB: [C: Double] = [:]
        for value in a { countsA[value, default: 0] += 1 }
        for value in b { countsB[value, default: 0] += 1 }
        let expected = countsA.reduce(0) { $0 + ($1.value / n) * ((countsB[$1.key] ?? 0) / n) }
        guard expected < 1 else { return nil }
        return (observed - expected) / (1 - expected)
    }

    /// Fleiss' κ = (P̄ − P̄ₑ) / (1 − P̄ₑ) for `counts[i][j]` = raters who put item i in category j,
    /// every item rated by the same number n ≥ 2 of raters: P_i = (Σ_j n_ij² − n) / (n(n − 1)),
    /// P̄ their mean, p_j = Σ_i n_ij / (N·n), P̄ₑ = Σ_j p_j². nil when undefined.
    public static func fleissKappa(_ counts: [[Int]]) -> Double? {
        guard let first = counts.first, case let raters = first.reduce(0, +), raters >= 2,
              counts.allSatisfy({ $0.count == first.count && $0.reduce(0, +) == raters }) else { return nil }
        let n = Double(raters), items = Double(counts.count)
        let agreement = counts.map { row in (Double(row.reduce(0) { $0 + $1 * $1 }) - n) / (n * (n - 1)) }
        let meanAgreement = agreement.reduce(0, +) / items
        let categories = counts[0].count
        let shares = (0..<categories).map { j in Double(counts.reduce(0) { $0 + $1[j] }) / (items * n) }
        let expected = shares.reduce(0) { $0 + $1 * $1 }
        guard expected < 1 else { return nil }
        return (meanAgreement - expected) / (1 - expected)
    }
}

/// One annotator's work on one image, as agreement compares it.
public struct AnnotatorWork: Sendable, Equatable {
    public let boxes: [LabeledBox]
    /// The image's tags as one category (sorted label ids; empty when untagged).
    public let tagCategory: String

    public init(boxes: [LabeledBox], tagLabelIDs: [Int64]) {
        self.boxes = boxes
        tagCategory = tagLabelIDs.sorted().map(String.init).joined(separator: ",")
    }
}

public struct AgreementSummary: Sendable, Equatable {
    /// Images labelled by two or more people.
    public let images: Int
    /// Mean over those images of the mean pairwise box F1 (images where nobody drew a box are skipped).
    public let boxF1: Double?
    public let tagKappa: Double?
    /// "cohen" (two annotators per image), "fleiss" (the same number, three or more), or nil.
    public let kappaMethod: String?

    /// `images`: for each image, each annotator's work (two or more).
    public init(_ images: [[AnnotatorWork]]) {
        let shared = images.filter { $0.count >= 2 }
        self.images = shared.count
        let perImage = shared.compactMap { works -> Double? in
            var scores: [Double] = []
            for i in works.indices { for j in works.indices where j > i { if let f1 = Agreement.boxF1(works[i].boxes, works[j].boxes) { scores.append(f1) } } }
            return scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count)
        }
        boxF1 = perImage.isEmpty ? nil : perImage.reduce(0, +) / Double(perImage.count)
        // Kappa needs the same number of raters per image: the most common number among the images.
        let raters = Dictionary(grouping: shared, by: \.count).max { $0.value.count < $1.value.count }
        switch raters?.key {
        case 2?:
            let pairs = raters!.value
            tagKappa = Agreement.cohenKappa(pairs.map { $0[0].tagCategory }, pairs.map { $0[1].tagCategory })
            kappaMethod = "cohen"
        case let n? where n >= 3:
            let categories = Array(Set(raters!.value.flatMap { $0.map(\.tagCategory) })).sorted()
            let counts = raters!.value.map { works in categories.map { c in works.filter { $0.tagCategory == c }.count } }
            tagKappa = Agreement.fleissKappa(counts)
            kappaMethod = "fleiss"
        default:
            tagKappa = nil
            kappaMethod = nil
        }
    }
}

extension AnnotatorWork {
    /// A set of shapes as agreement compares it: its boxes, and its tags as one category.
    public init(shapes: [Shape]) {
        self.init(boxes: shapes.compactMap { if case .box = $0 { $0.bounds } else { nil } },
                  tagLabelIDs: shapes.compactMap { if case .tag(let label, _) = $0 { label } else { nil } })
    }
}

extension Shape {
    /// The labelled box a box is, or around a polygon's points; nil for a tag.
    public var bounds: LabeledBox? {
        switch self {
        case .box(let label, let x, let y, let w, let h, _):
            return LabeledBox(labelID: label, x: x, y: y, width: w, height: h)
        case .polygon(let label, let points, _) where !points.isEmpty:
            let box = Geometry.bounds(of: points)
            return LabeledBox(labelID: label, x: box.x, y: box.y, width: box.width, height: box.height)
        case .polygon, .tag:
            return nil
        }
    }
}
