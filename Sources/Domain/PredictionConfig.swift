// What a predict job reads: the detector version that proposes boxes, and which images it looks at.

public struct PredictionConfig: Codable, Equatable, Sendable {
    /// The detector version (required).
    public var modelVersion: Int64
    /// Only images in this status; nil: the open ones (new, in progress, rejected).
    public var status: ImageStatus?
    /// Boxes scoring below this are not proposed (lower it to export a fuller COCO results file).
    public var scoreThreshold: Double

    public static let defaultScoreThreshold = 0.3

    public init(modelVersion: Int64, status: ImageStatus? = nil, scoreThreshold: Double = defaultScoreThreshold) {
        (self.modelVersion, self.status, self.scoreThreshold) = (modelVersion, status, scoreThreshold)
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case modelVersion = "model_version", status, scoreThreshold = "score_threshold"
    }

    /// Checked like every job config: unknown keys and wrong values name their field.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: AnyKey.self)
        try rejectUnknownKeys(c, known: CodingKeys.allCases.map(\.stringValue), prefix: "config")
        let f = FieldReader(container: c, prefix: "config")
        guard let version = try f.optionalInteger("model_version", in: 1...Int(Int32.max)) else {
            throw TrainingConfigError(field: "config.model_version", message: "is required: the detector version that proposes boxes")
        }
        modelVersion = Int64(version)
        status = try f.optionalChoice("status")
        scoreThreshold = try f.optionalNumber("score_threshold", above: 0, atMost: 1) ?? Self.defaultScoreThreshold
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(modelVersion, forKey: .modelVersion)
        try c.encodeIfPresent(status, forKey: .status)
        try c.encode(scoreThreshold, forKey: .scoreThreshold)
    }
}
