// A sample of what a version sees: scalar features (image properties, size, confidence), answered
// labels, and embeddings. Kept at training from the validation data (the reference) and at serving
// per window; bounded, so a busy endpoint's profile stays small.

public struct DriftProfile: Codable, Equatable, Sendable {
    /// Feature → values (at most `valueLimit`).
    public var features: [String: [Double]]
    /// Top label → answers.
    public var labels: [String: Int]
    /// At most `embeddingLimit` embeddings, rounded to 4 decimals.
    public var embeddings: [[Float]]
    /// Every observation counted, including those the bounded lists dropped.
    public var observations: Int

    public static let valueLimit = 500
    public static let embeddingLimit = 64
    /// Embeddings are kept in at most this many dimensions (see `reduced`).
    public static let embeddingDimensions = 64
    /// The scalar features, in the order reports list them.
    public static let featureNames = ["brightness", "contrast", "sharpness", "width", "height", "confidence"]

    public init() {
        (features, labels, embeddings, observations) = ([:], [:], [], 0)
    }

    /// One image: its properties, size, the answer's confidence and labels, and its embedding.
    public mutating func observe(_ properties: ImageProperties, width: Int, height: Int, confidence: Double?, labels answered: [String],
                                 embedding: [Float]?, using random: inout some RandomNumberGenerator) {
        observations += 1
        var values: [String: Double] = ["brightness": properties.brightness, "contrast": properties.contrast,
                                        "sharpness": properties.sharpness, "width": Double(width), "height": Double(height)]
        if let confidence { values["confidence"] = confidence }
        for (name, value) in values { Self.keep(value, in: &features[name, default: []], limit: Self.valueLimit, seen: observations, &random) }
        for label in answered { labels[label, default: 0] += 1 }
        // The reservoir decides first, so the (rarely kept) embedding is only reduced when it is kept.
        if let embedding, let slot = Self.slot(count: embeddings.count, limit: Self.embeddingLimit, seen: observations, &random) {
            let kept = Self.reduced(embedding).map { ($0 * 10_000).rounded() / 10_000 }
            if slot == embeddings.count { embeddings.append(kept) } else { embeddings[slot] = kept }
        }
    }

    /// An embedding in `embeddingDimensions` dimensions: each input dimension added, with a sign, into
    /// one output dimension chosen by a fixed hash (a count sketch). Inner products and distances are
    /// kept in expectation, in one pass; the same at training and at serving.
    public static func reduced(_ embedding: [Float]) -> [Float] {
        guard embedding.count > embeddingDimensions else { return embedding }
        var out = [Float](repeating: 0, count: embeddingDimensions)
        for (i, value) in embedding.enumerated() {
            var h = UInt64(i) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 29
            out[Int(h % UInt64(embeddingDimensions))] += (h >> 40) & 1 == 0 ? value : -value
        }
        return out
    }

    /// Where the n-th item goes in a reservoir of `limit` holding `count`: appended, replacing a slot, or nil (dropped).
    private static func slot(count: Int, limit: Int, seen: Int, _ random: inout some RandomNumberGenerator) -> Int? {
        if count < limit { return count }
        let slot = Int.random(in: 0..<max(seen, 1), using: &random)
        return slot < limit ? slot : nil
    }

    /// Adds another profile (another process's, another window): the lists stay within their bounds,
    /// each kept item standing for an equal share of both.
    public mutating func merge(_ other: DriftProfile, using random: inout some RandomNumberGenerator) {
        let total = observations + other.observations
        for name in Set(features.keys).union(other.features.keys) {
            features[name] = Self.mixed(features[name] ?? [], other.features[name] ?? [], mine: observations, theirs: other.observations,
                                        limit: Self.valueLimit, &random)
        }
        embeddings = Self.mixed(embeddings, other.embeddings, mine: observations, theirs: other.observations, limit: Self.embeddingLimit, &random)
        for (label, count) in other.labels { labels[label, default: 0] += count }
        observations = total
    }

    /// Reservoir sampling: the n-th item replaces a random kept one with probability limit / n.
    private static func keep<T>(_ item: T, in list: inout [T], limit: Int, seen: Int, _ random: inout some RandomNumberGenerator) {
        guard let slot = slot(count: list.count, limit: limit, seen: seen, &random) else { return }
        if slot == list.count { list.append(item) } else { list[slot] = item }
    }

    /// Two samples standing for `mine` and `theirs` observations, mixed in proportion within `limit`.
    private static func mixed<T>(_ a: [T], _ b: [T], mine: Int, theirs: Int, limit: Int, _ random: inout some RandomNumberGenerator) -> [T] {
        guard a.count + b.count > limit else { return a + b }
        let share = mine + theirs > 0 ? Double(mine) / Double(mine + theirs) : 0.5
        let fromA = min(a.count, max(limit - b.count, Int((Double(limit) * share).rounded())))
        let fromB = min(b.count, limit - fromA)
        return Array(a.shuffled(using: &random).prefix(fromA)) + Array(b.shuffled(using: &random).prefix(fromB))
    }
}
