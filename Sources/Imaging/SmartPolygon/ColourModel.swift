// A Gaussian mixture over RGB colours (five components, full covariances), as GrabCut keeps one for
// the object and one for what surrounds it: learned from the pixels given to each component, and
// asked how unlikely a colour is (−log of its density, up to a constant).
import Foundation

struct ColourModel {
    static let components = 5

    struct Component {
        var weight = 0.0
        var mean = SIMD3<Double>.zero
        /// Σ⁻¹ by rows.
        var inverse = (SIMD3<Double>.zero, SIMD3<Double>.zero, SIMD3<Double>.zero)
        var logWeight = 0.0  // log weight − ½ log det Σ
    }

    var parts: [Component] = []

    /// Splits `colours` into components by k-means (starting from colours spread along their
    /// brightness), then fits each; returns each colour's component too.
    static func fitted(_ colours: [SIMD3<Double>]) -> (ColourModel, [Int]) {
        let k = min(components, max(1, colours.count))
        let sorted = colours.indices.sorted { colours[$0].sum() < colours[$1].sum() }
        var centres = (0..<k).map { colours[sorted[min(sorted.count - 1, ($0 * 2 + 1) * sorted.count / (2 * k))]] }
        var labels = [Int](repeating: 0, count: colours.count)
        for _ in 0..<6 {
            for (i, colour) in colours.enumerated() {
                labels[i] = centres.indices.min { distance(colour, centres[$0]) < distance(colour, centres[$1]) }!
            }
            var sums = [SIMD3<Double>](repeating: .zero, count: k), counts = [Double](repeating: 0, count: k)
            for (i, colour) in colours.enumerated() { sums[labels[i]] += colour; counts[labels[i]] += 1 }
            for c in 0..<k where counts[c] > 0 { centres[c] = sums[c] / counts[c] }
        }
        var model = ColourModel()
        model.learn(colours, labels: labels, count: k)
        return (model, labels)
    }

    static func distance(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> Double { ((a - b) * (a - b)).sum() }

    /// Fits each component to the colours labelled with it.
    mutating func learn(_ colours: [SIMD3<Double>], labels: [Int], count k: Int) {
        parts = []
        for c in 0..<k {
            let members = colours.indices.filter { labels[$0] == c }
            guard !members.isEmpty else { continue }
            var mean = SIMD3<Double>.zero
            for i in members { mean += colours[i] }
            mean /= Double(members.count)
            var cov = [Double](repeating: 0, count: 9)
            for i in members {
                let d = colours[i] - mean
                for r in 0..<3 { for s in 0..<3 { cov[r * 3 + s] += d[r] * d[s] } }
            }
            for j in 0..<9 { cov[j] /= Double(members.count) }
            for r in 0..<3 { cov[r * 4] += 4 }  // a floor, so a flat region is not a singular one
            let det = cov[0] * (cov[4] * cov[8] - cov[5] * cov[7]) - cov[1] * (cov[3] * cov[8] - cov[5] * cov[6])
                + cov[2] * (cov[3] * cov[7] - cov[4] * cov[6])
            var inv = [Double](repeating: 0, count: 9)
            inv[0] = (cov[4] * cov[8] - cov[5] * cov[7]) / det
            inv[1] = (cov[2] * cov[7] - cov[1] * cov[8]) / det
            inv[2] = (cov[1] * cov[5] - cov[2] * cov[4]) / det
            inv[3] = (cov[5] * cov[6] - cov[3] * cov[8]) / det
            inv[4] = (cov[0] * cov[8] - cov[2] * cov[6]) / det
            inv[5] = (cov[2] * cov[3] - cov[0] * cov[5]) / det
            inv[6] = (cov[3] * cov[7] - cov[4] * cov[6]) / det
            inv[7] = (cov[1] * cov[6] - cov[0] * cov[7]) / det
            inv[8] = (cov[0] * cov[4] - cov[1] * cov[3]) / det
            let weight = Double(members.count) / Double(colours.count)
            parts.append(Component(weight: weight, mean: mean,
                                   inverse: (SIMD3(inv[0], inv[1], inv[2]), SIMD3(inv[3], inv[4], inv[5]), SIMD3(inv[6], inv[7], inv[8])),
                                   logWeight: log(max(weight, 1e-12)) - 0.5 * log(max(det, 1e-12))))
        }
    }

    /// log(weight · density) of `colour` under component `c`, up to a constant shared by all.
    func logDensity(_ colour: SIMD3<Double>, _ c: Int) -> Double {
        let part = parts[c]
        let d = colour - part.mean
        let q = d.x * (part.inverse.0 * d).sum() + d.y * (part.inverse.1 * d).sum() + d.z * (part.inverse.2 * d).sum()
        return part.logWeight - 0.5 * q
    }

    /// The component that explains `colour` best.
    func likeliest(_ colour: SIMD3<Double>) -> Int {
        var (best, bestLog) = (0, -Double.infinity)
        for c in parts.indices {
            let value = logDensity(colour, c)
            if value > bestLog { (best, bestLog) = (c, value) }
        }
        return best
    }

    /// −log of the mixture's density at `colour`: how unlikely it is under this model.
    func cost(_ colour: SIMD3<Double>) -> Double {
        var top = -Double.infinity
        for c in parts.indices { top = max(top, logDensity(colour, c)) }
        var sum = 0.0
        for c in parts.indices { sum += exp(logDensity(colour, c) - top) }
        return -(top + log(sum))
    }
}
