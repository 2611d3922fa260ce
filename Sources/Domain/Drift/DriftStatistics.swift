// The tests a drift check runs: PSI and the two-sample Kolmogorov–Smirnov test on scalar features, PSI
// on label distributions, and the maximum mean discrepancy (RBF kernel, permutation p-value) on embeddings.
import Foundation

public enum DriftStatistics {
    /// Population stability index over ten bins cut at the reference's deciles (empty bins count as
    /// 0.0001 so the logarithm stays finite). Below 0.1: stable; 0.1–0.25: moderate; above: drift.
    public static func psi(reference: [Double], current: [Double], bins: Int = 10) -> Double? {
        guard reference.count >= bins, !current.isEmpty else { return nil }
        let sorted = reference.sorted()
        var edges: [Double] = []
        for b in 1..<bins {
            let edge = sorted[min(sorted.count - 1, b * sorted.count / bins)]
            if edges.last != edge { edges.append(edge) }
        }
        func shares(_ values: [Double]) -> [Double] {
            var counts = [Double](repeating: 0, count: edges.count + 1)
            for value in values { counts[edges.firstIndex { value < $0 } ?? edges.count] += 1 }
            return counts.map { max($0 / Double(values.count), 0.0001) }
        }
        return zip(shares(reference), shares(current)).reduce(0) { $0 + ($1.1 - $1.0) * log($1.1 / $1.0) }
    }

    /// PSI between two categorical distributions (answered labels), over the union of their categories.
    public static func psi(reference: [String: Int], current: [String: Int]) -> Double? {
        let (r, c) = (Double(reference.values.reduce(0, +)), Double(current.values.reduce(0, +)))
        guard r > 0, c > 0 else { return nil }
        return Set(reference.keys).union(current.keys).reduce(0.0) { sum, key in
            let (p, q) = (max(Double(reference[key] ?? 0) / r, 0.0001), max(Double(current[key] ?? 0) / c, 0.0001))
            return sum + (q - p) * log(q / p)
        }
    }

    /// The two-sample KS statistic (largest gap between the empirical CDFs) and its asymptotic p-value.
    public static func ks(_ a: [Double], _ b: [Double]) -> (statistic: Double, pValue: Double)? {
        guard !a.isEmpty, !b.isEmpty else { return nil }
        let (x, y) = (a.sorted(), b.sorted())
        var (i, j, gap) = (0, 0, 0.0)
        while i < x.count, j < y.count {
            let value = min(x[i], y[j])
            while i < x.count, x[i] == value { i += 1 }
            while j < y.count, y[j] == value { j += 1 }
            gap = max(gap, abs(Double(i) / Double(x.count) - Double(j) / Double(y.count)))
        }
        let n = Double(x.count * y.count) / Double(x.count + y.count)
        return (gap, kolmogorovQ((n.squareRoot() + 0.12 + 0.11 / n.squareRoot()) * gap))
    }

    /// P(K > λ) for the Kolmogorov distribution: 2 Σ (−1)^(k−1) e^(−2k²λ²).
    public static func kolmogorovQ(_ lambda: Double) -> Double {
        guard lambda > 0.2 else { return 1 }
        var sum = 0.0
        for k in 1...100 {
            let term = exp(-2 * Double(k * k) * lambda * lambda)
            sum += (k % 2 == 1 ? 1 : -1) * term
            if term < 1e-12 { break }
        }
        return min(max(2 * sum, 0), 1)
    }

    /// Squared MMD with an RBF kernel exp(−‖x−y‖² / (2σ²)), biased estimate.
    public static func mmd2(_ a: [[Float]], _ b: [[Float]], sigma: Double) -> Double {
        func kernel(_ x: [Float], _ y: [Float]) -> Double {
            var d = 0.0
            for i in 0..<min(x.count, y.count) { let t = Double(x[i] - y[i]); d += t * t }
            return exp(-d / (2 * sigma * sigma))
        }
        func mean(_ p: [[Float]], _ q: [[Float]]) -> Double {
            var total = 0.0
            for x in p { for y in q { total += kernel(x, y) } }
            return total / Double(p.count * q.count)
        }
        return mean(a, a) + mean(b, b) - 2 * mean(a, b)
    }

    /// MMD² with σ the median distance between pooled points, and the share of `permutations` random
    /// splits of the pool with an MMD² at least as large (the p-value; seeded, so reports repeat). The
    /// kernel matrix is computed once; each permutation only re-sums it.
    public static func mmd(_ a: [[Float]], _ b: [[Float]], permutations: Int = 200, seed: UInt64 = 1) -> (mmd2: Double, pValue: Double)? {
        guard a.count >= 2, b.count >= 2 else { return nil }
        let pool = a + b
        let n = pool.count
        var squared = [Double](repeating: 0, count: n * n)
        var distances: [Double] = []
        distances.reserveCapacity(n * (n - 1) / 2)
        for i in 0..<n {
            for j in (i + 1)..<n {
                var d = 0.0
                for k in 0..<min(pool[i].count, pool[j].count) { let t = Double(pool[i][k] - pool[j][k]); d += t * t }
                (squared[i * n + j], squared[j * n + i]) = (d, d)
                distances.append(d.squareRoot())
            }
        }
        let sigma = max(distances.sorted()[distances.count / 2], 1e-6)
        let kernel = squared.map { exp(-$0 / (2 * sigma * sigma)) }
        /// MMD² of the split where `inA[i]` says which side point i is on.
        func statistic(_ inA: [Bool]) -> Double {
            var (aa, bb, ab) = (0.0, 0.0, 0.0)
            for i in 0..<n {
                for j in 0..<n {
                    let k = kernel[i * n + j]
                    switch (inA[i], inA[j]) {
                    case (true, true): aa += k
                    case (false, false): bb += k
                    default: ab += k
                    }
                }
            }
            let (na, nb) = (Double(a.count), Double(b.count))
            return aa / (na * na) + bb / (nb * nb) - ab / (na * nb)  // ab holds both orders: 2·mean(a, b)
        }
        let observed = statistic((0..<n).map { $0 < a.count })
        var generator = SplitMix(seed: seed)
        var atLeast = 0
        var sides = (0..<n).map { $0 < a.count }
        for _ in 0..<permutations {
            sides.shuffle(using: &generator)
            if statistic(sides) >= observed - 1e-12 { atLeast += 1 }
        }
        return (observed, Double(atLeast + 1) / Double(permutations + 1))
    }

    /// A small seeded generator, so permutation p-values (and profiles' samples) repeat.
    public struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        public init(seed: UInt64) { state = seed }
        public mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
