// Served latencies counted in fixed buckets: merged across processes and windows by adding counts,
// with quantiles read back as a bucket's upper bound.

public struct LatencyHistogram: Codable, Equatable, Sendable {
    /// Upper bounds in milliseconds; a last bucket holds everything slower.
    public static let bounds: [Double] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000]

    /// One count per bound, and one more for the overflow.
    public private(set) var counts: [Int]

    public init() { counts = Array(repeating: 0, count: Self.bounds.count + 1) }

    public init(counts: [Int]) {
        self.counts = counts.count == Self.bounds.count + 1 ? counts : Array(repeating: 0, count: Self.bounds.count + 1)
    }

    public var total: Int { counts.reduce(0, +) }

    public mutating func record(milliseconds: Double) {
        counts[Self.bounds.firstIndex { milliseconds <= $0 } ?? Self.bounds.count] += 1
    }

    public mutating func add(_ other: LatencyHistogram) {
        for i in counts.indices { counts[i] += other.counts[i] }
    }

    /// The upper bound of the bucket holding the q-quantile (the overflow reads as twice the last
    /// bound); nil with no samples.
    public func quantile(_ q: Double) -> Double? {
        let n = total
        guard n > 0 else { return nil }
        let rank = max(1, Int((q * Double(n)).rounded(.up)))
        var seen = 0
        for (i, count) in counts.enumerated() {
            seen += count
            if seen >= rank { return i < Self.bounds.count ? Self.bounds[i] : Self.bounds[Self.bounds.count - 1] * 2 }
        }
        return nil
    }

    public init(from decoder: Decoder) throws {
        self.init(counts: try decoder.singleValueContainer().decode([Int].self))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(counts)
    }
}
