// Which unlabelled images to label next: uncertainty scores over a model's class probabilities, and
// k-center greedy over embeddings so a batch is spread out rather than near-duplicates.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public enum AcquisitionStrategy: String, Sendable, Codable, CaseIterable {
    case entropy, margin, random
    case leastConfidence = "least_confidence"

    /// How uncertain the model is about one image: higher means label it sooner.
    /// `random` gives 0 for every image; callers shuffle instead.
    public func score(_ probabilities: [Float]) -> Double {
        switch self {
        case .leastConfidence: Uncertainty.leastConfidence(probabilities)
        case .margin: Uncertainty.margin(probabilities)
        case .entropy: Uncertainty.entropy(probabilities)
        case .random: 0
        }
    }
}

public enum Uncertainty {
    /// 1 − p(top class)
    public static func leastConfidence(_ p: [Float]) -> Double {
        1 - Double(p.max() ?? 0)
    }

    /// 1 − (p(top) − p(second)): a small gap between the two best classes is uncertain.
    public static func margin(_ p: [Float]) -> Double {
        var first: Float = 0, second: Float = 0
        for value in p {
            if value > first { (first, second) = (value, first) } else if value > second { second = value }
        }
        return 1 - Double(first - second)
    }

    /// A detector's doubt about an image: the mean over its `topK` best peaks of min(p, 1 − p), times 2
    /// (0: every peak sure either way, 1: all of them at one half). No peak at all: 0, sure it is empty.
    public static func detection(_ peakScores: [Float], topK: Int = 10) -> Double {
        let top = peakScores.sorted(by: >).prefix(topK)
        guard !top.isEmpty else { return 0 }
        return 2 * top.reduce(0) { $0 + Double(min($1, 1 - $1)) } / Double(top.count)
    }

    /// −Σ p log p, in nats.
    public static func entropy(_ p: [Float]) -> Double {
        p.reduce(0) { $1 > 0 ? $0 - Double($1) * log(Double($1)) : $0 }
    }
}

public enum KCenterGreedy {
    /// Picks `count` of `candidates` one at a time, each the candidate farthest (Euclidean) from
    /// everything chosen so far and from `anchors` (points already labelled). With no anchors the
    /// first pick is the first candidate (callers pass candidates best-first).
    public static func select(embeddings: [[Float]], candidates: [Int], anchors: [Int], count: Int) -> [Int] {
        guard !candidates.isEmpty, count > 0 else { return [] }
        var distance = [Double](repeating: .infinity, count: candidates.count)
        func absorb(_ point: Int) {
            for (i, candidate) in candidates.enumerated() {
                distance[i] = min(distance[i], squaredDistance(embeddings[point], embeddings[candidate]))
            }
        }
        anchors.forEach(absorb)
        var chosen: [Int] = []
        var taken = [Bool](repeating: false, count: candidates.count)
        while chosen.count < min(count, candidates.count) {
            var best = -1
            for i in candidates.indices where !taken[i] && (best < 0 || distance[i] > distance[best]) { best = i }
            taken[best] = true
            chosen.append(candidates[best])
            absorb(candidates[best])
        }
        return chosen
    }

    static func squaredDistance(_ a: [Float], _ b: [Float]) -> Double {
        var sum: Float = 0
        for i in 0..<min(a.count, b.count) {
            let d = a[i] - b[i]
            sum += d * d
        }
        return Double(sum)
    }
}

public enum ActiveLearningRanking {
    /// Unlabelled items ordered for labelling: by uncertainty, highest first; with `diversity`, the
    /// first `batch` are re-picked by k-center greedy from the `batch × 10` most uncertain, never among
    /// items with no uncertainty at all (an odd image the model is sure of would otherwise jump the
    /// queue of a small project for being odd).
    public static func rank(scores: [Double], embeddings: [[Float]], labelled: [Int], diversity: Bool, batch: Int) -> [Int] {
        let byScore = scores.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
        guard diversity, batch > 0, !byScore.isEmpty else { return byScore }
        let shortlist = byScore.prefix(batch * 10).filter { scores[$0] > 0 }
        let spread = KCenterGreedy.select(embeddings: embeddings, candidates: shortlist, anchors: labelled, count: batch)
        let picked = Set(spread)
        return spread + byScore.filter { !picked.contains($0) }
    }
}
