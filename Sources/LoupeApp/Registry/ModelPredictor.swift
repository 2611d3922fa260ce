// Running a Loupe-format model version on one image: a classifier's classes, most likely first, or a
// detector's boxes in the image's displayed pixels.
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

    /// Runs a Loupe-format version on one image: a classifier's classes, most likely first, or a
    /// detector's boxes in the image's displayed pixels.
    func predict(_ version: ModelVersion, image: [UInt8]) throws -> PredictionDTO {
        guard version.framework == "loupe-tensor", let path = version.artifactPath else {
            throw HTTPError(HTTPStatus.unprocessable, code: "cannot_run",
                            message: "Loupe can only run its own models; this version is \(version.framework).")
        }
        let file = try ModelFile(decoding: [UInt8](try Data(contentsOf: files.url(of: path))))
        if file.header.architecture.kind == .detector { return try detect(version, file: file, image: image) }
        let classifier = try Classifier(file)
        let sample = try Imaging.modelSample(image, side: classifier.inputShape[0], maxPixels: maxPixels)
        let prediction = classifier.predict([sample])[0]
        let ranked = zip(classifier.labels, prediction.probabilities).sorted { $0.1 > $1.1 }
        return PredictionDTO(modelName: version.modelName, version: version.version,
                             predictions: ranked.map { .init(label: $0.0, probability: Double($0.1)) },
                             embeddingSize: prediction.embedding.count, detections: nil, imageWidth: nil, imageHeight: nil)
    }

    private func detect(_ version: ModelVersion, file: ModelFile, image: [UInt8]) throws -> PredictionDTO {
        let detector = try Detector(file)
        let info = try Imaging.inspect(image, maxPixels: maxPixels)
        let letterbox = Letterbox(imageWidth: info.width, imageHeight: info.height, side: detector.side)
        let raster = try Imaging.reduced(image, toFit: detector.side * 2, info: info)
        let sample = raster.letterboxed(side: detector.side, left: letterbox.left, top: letterbox.top,
                                        width: letterbox.scaledWidth, height: letterbox.scaledHeight).pixels
        let boxes = detector.detect([sample])[0].map(letterbox.toImage)
        return PredictionDTO(modelName: version.modelName, version: version.version, predictions: nil, embeddingSize: nil,
                             detections: boxes.map { box in
                                 .init(label: detector.labels[box.classIndex], score: Double(box.score),
                                       bbox: [box.x, box.y, box.width, box.height].map { (Double($0) * 100).rounded() / 100 })
                             }, imageWidth: info.width, imageHeight: info.height)
    }
}

/// What a version says about one image: a classifier's ranked classes, or a detector's boxes
/// ({label, score, bbox: [x, y, w, h]} in the image's displayed pixels).
struct PredictionDTO: Encodable {
    struct Entry: Encodable {
        let label: String
        let probability: Double
    }

    struct Detection: Encodable {
        let label: String
        let score: Double
        let bbox: [Double]
    }

    let modelName: String
    let version: Int
    let predictions: [Entry]?
    let embeddingSize: Int?
    let detections: [Detection]?
    let imageWidth: Int?
    let imageHeight: Int?
}
