// Running a Loupe-format model version on one image: its classes, most likely first.
import Domain
import FileStore
import Foundation
import Imaging
import Store
import Tensor
import Web

struct ModelPredictor: Sendable {
    let files: ContentStore
    /// Images with more pixels than this are refused from their header.
    let maxPixels: Int

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
