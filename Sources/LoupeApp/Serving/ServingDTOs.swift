// The serving endpoint's answers: one image's prediction naming the version and arm that made it, or
// a list of them (with per-image errors) for forms and image ids.
import Web

struct ServedAnswerDTO: Encodable {
    let file: String?
    let imageId: Int64?
    let arm: ServingArm?
    let rolloutId: Int64?
    let prediction: PredictionDTO?
    let error: HTTPError?

    init(file: String, imageId: Int64?, arm: ServingArm, rolloutId: Int64?, prediction: PredictionDTO) {
        (self.file, self.imageId, self.arm, self.rolloutId, self.prediction, self.error) =
            (file == "body" ? nil : file, imageId, arm, rolloutId, prediction, nil)
    }

    init(file: String, imageId: Int64?, error: HTTPError) {
        (self.file, self.imageId, self.arm, self.rolloutId, self.prediction, self.error) = (file, imageId, nil, nil, nil, error)
    }

    var version: Int? { prediction?.version }

    enum CodingKeys: String, CodingKey {
        case file, imageId = "image_id", modelName = "model_name", version, arm, rolloutId = "rollout_id", predictions,
             embeddingSize = "embedding_size", detections, imageWidth = "image_width", imageHeight = "image_height", error
    }

    private struct ErrorBody: Encodable {
        let code: String
        let message: String
        let status: Int
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(file, forKey: .file)
        try c.encodeIfPresent(imageId, forKey: .imageId)
        if let error {
            try c.encode(ErrorBody(code: error.code, message: error.message, status: error.status), forKey: .error)
            return
        }
        guard let prediction, let arm else { return }
        try c.encode(prediction.modelName, forKey: .modelName)
        try c.encode(prediction.version, forKey: .version)
        try c.encode(arm.rawValue, forKey: .arm)
        try c.encodeIfPresent(rolloutId, forKey: .rolloutId)
        try c.encodeIfPresent(prediction.predictions, forKey: .predictions)
        try c.encodeIfPresent(prediction.embeddingSize, forKey: .embeddingSize)
        try c.encodeIfPresent(prediction.detections, forKey: .detections)
        try c.encodeIfPresent(prediction.imageWidth, forKey: .imageWidth)
        try c.encodeIfPresent(prediction.imageHeight, forKey: .imageHeight)
    }
}

struct ServedBatchDTO: Encodable {
    let modelName: String
    let results: [ServedAnswerDTO]
}
