// What a score job reads: how to rank the project's open images, and with which model version.

public struct ScoringConfig: Codable, Equatable, Sendable {
    /// How to rank; nil: the project's queue setting.
    public var strategy: AcquisitionStrategy?
    /// Re-pick the head of the queue for variety; nil: the project's setting.
    public var diversity: Bool?
    /// The version that predicts; nil: the project's Production version, else its newest.
    public var modelVersion: Int64?

    public init(strategy: AcquisitionStrategy? = nil, diversity: Bool? = nil, modelVersion: Int64? = nil) {
        (self.strategy, self.diversity, self.modelVersion) = (strategy, diversity, modelVersion)
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case strategy, diversity, modelVersion = "model_version"
    }

    /// Checked like a training config: an unknown key or a wrong value names its field.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: AnyKey.self)
        try rejectUnknownKeys(c, known: CodingKeys.allCases.map(\.stringValue), prefix: "config")
        let f = FieldReader(container: c, prefix: "config")
        strategy = try f.optionalChoice("strategy")
        diversity = try f.optionalFlag("diversity")
        modelVersion = try f.optionalInteger("model_version", in: 1...Int(Int32.max)).map(Int64.init)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(strategy, forKey: .strategy)
        try c.encodeIfPresent(diversity, forKey: .diversity)
        try c.encodeIfPresent(modelVersion, forKey: .modelVersion)
    }
}

extension ScoringConfig {
    /// Score jobs stored before they had their own config carried a whole training config beside
    /// these three keys: stored configs are read for these keys alone.
    struct Stored: Decodable {
        let strategy: AcquisitionStrategy?
        let diversity: Bool?
        let modelVersion: Int64?
        enum CodingKeys: String, CodingKey { case strategy, diversity, modelVersion = "model_version" }
    }
}
