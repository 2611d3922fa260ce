// What a batch prediction job reads: the version that predicts (named, or a model's deployment), the
// images it runs over (the project's, a snapshot's, or an uploaded archive's), and its threshold.

public struct BatchConfig: Codable, Equatable, Sendable {
    public enum Source: String, Codable, CaseIterable, Sendable {
        case project, snapshot, archive
    }

    /// The version by id; nil: `model` names it.
    public var modelVersion: Int64?
    /// "Name" (its Production version when the job runs) or "Name@alias".
    public var model: String?
    public var source: Source
    /// project: only images in this status; nil: all of them.
    public var status: ImageStatus?
    /// snapshot: which one.
    public var snapshot: Int64?
    /// archive: the uploaded zip's stored path (set by the server, never by a client).
    public var archive: String?
    /// Detectors: boxes scoring below this are left out.
    public var scoreThreshold: Double

    public init(modelVersion: Int64? = nil, model: String? = nil, source: Source = .project, status: ImageStatus? = nil,
                snapshot: Int64? = nil, archive: String? = nil, scoreThreshold: Double = PredictionConfig.defaultScoreThreshold) {
        (self.modelVersion, self.model, self.source, self.status) = (modelVersion, model, source, status)
        (self.snapshot, self.archive, self.scoreThreshold) = (snapshot, archive, scoreThreshold)
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case modelVersion = "model_version", model, source, status, snapshot, archive, scoreThreshold = "score_threshold"
    }

    /// Checked like every job config: unknown keys and wrong values name their field, and the source
    /// must come with what it needs.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: AnyKey.self)
        try rejectUnknownKeys(c, known: CodingKeys.allCases.map(\.stringValue), prefix: "config")
        let f = FieldReader(container: c, prefix: "config")
        modelVersion = try f.optionalInteger("model_version", in: 1...Int(Int32.max)).map(Int64.init)
        model = try f.optionalText("model", maxLength: 200)
        guard (modelVersion == nil) != (model == nil) else {
            throw TrainingConfigError(field: "config.model_version", message: "name the version that predicts: model_version (an id) or model (\"Name\" or \"Name@alias\"), one of them")
        }
        source = try f.choice("source", default: .project)
        status = try f.optionalChoice("status")
        snapshot = try f.optionalInteger("snapshot", in: 1...Int(Int32.max)).map(Int64.init)
        archive = try f.optionalText("archive", maxLength: 300)
        scoreThreshold = try f.optionalNumber("score_threshold", above: 0, atMost: 1) ?? PredictionConfig.defaultScoreThreshold
        if source == .snapshot, snapshot == nil { throw TrainingConfigError(field: "config.snapshot", message: "is required: the snapshot to predict over") }
        if source == .archive, archive == nil {
            throw TrainingConfigError(field: "config.archive", message: "upload the archive to /api/v1/projects/{id}/batch-predictions instead")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(modelVersion, forKey: .modelVersion)
        try c.encodeIfPresent(model, forKey: .model)
        try c.encode(source, forKey: .source)
        try c.encodeIfPresent(status, forKey: .status)
        try c.encodeIfPresent(snapshot, forKey: .snapshot)
        try c.encodeIfPresent(archive, forKey: .archive)
        try c.encode(scoreThreshold, forKey: .scoreThreshold)
    }
}
