// Model versions over the API: read one, and run a Loupe-format version on an uploaded image.
import Domain
import FileStore
import Foundation
import Imaging
import Store
import Tensor
import Web

extension AppContext {
    /// GET /api/v1/models/versions/{id}
    func showModelVersion(_ request: Request, _ context: ModelVersionContext) throws -> Response {
        return try .json(ModelVersionDTO(context.version))
    }

    /// POST /api/v1/models/versions/{id}/predict with an image as the body: class probabilities,
    /// most likely first, and the size of the embedding the model computes.
    func predictWithModelVersion(_ request: Request, _ context: ModelVersionContext) throws -> Response {
        guard !request.body.isEmpty else {
            throw HTTPError.badRequest("Send the image file as the body.", field: "file", code: "empty_file")
        }
        return try .json(try predict(context.version, image: request.body))
    }

    /// Runs a Loupe-format version on one image: the classes, most likely first.
    func predict(_ version: ModelVersion, image: [UInt8]) throws -> PredictionDTO {
        guard version.framework == "loupe-tensor", let path = version.artifactPath else {
            throw HTTPError(HTTPStatus.unprocessable, code: "cannot_run",
                            message: "Loupe can only run its own models; this version is \(version.framework).")
        }
        let classifier = try Classifier(ModelFile(decoding: [UInt8](try Data(contentsOf: files.url(of: path)))))
        let sample = try Imaging.modelSample(image, side: classifier.inputShape[0], maxPixels: maxPixels)
        let prediction = classifier.predict([sample])[0]
        let ranked = zip(classifier.labels, prediction.probabilities).sorted { $0.1 > $1.1 }
        return PredictionDTO(modelName: version.modelName, version: version.version,
                             predictions: ranked.map { .init(label: $0.0, probability: Double($0.1)) },
                             embeddingSize: prediction.embedding.count)
    }
}

struct PredictionDTO: Encodable {
    struct Entry: Encodable {
        let label: String
        let probability: Double
    }

    let modelName: String
    let version: Int
    let predictions: [Entry]
    let embeddingSize: Int
}
