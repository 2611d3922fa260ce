// Running a Loupe-format model version on one image: a classifier's classes, most likely first, or a
// detector's boxes in the image's displayed pixels. Networks come from the process's model cache.
import Domain
import Foundation
import Imaging
import Store
import Tensor
import Web

struct ModelPredictor: Sendable {
    let cache: ModelCache
    /// Images with more pixels than this are refused from their header.
    let maxPixels: Int

    /// Runs a version on one image (the version page's "try it" and the version predict route).
    func predict(_ version: ModelVersion, image: [UInt8]) throws -> PredictionDTO {
        try predict(ServableVersion(version), image: image).prediction
    }

    /// Runs a version on one image; `loaded` says whether its network had to be read first (cold), and
    /// `observation` what drift checks compare.
    func predict(_ version: ServableVersion, image: [UInt8]) throws -> (prediction: PredictionDTO, loaded: Bool, observation: Observation) {
        let lookup = try cache.model(for: version)
        let info = try Imaging.inspect(image, maxPixels: maxPixels)
        switch lookup.model {
        case .classifier(let classifier):
            let (prediction, observation) = try classify(version, classifier, image: image, info: info)
            return (prediction, lookup.loaded, observation)
        case .detector(let detector):
            let (prediction, observation) = try detect(version, detector, image: image, info: info)
            return (prediction, lookup.loaded, observation)
        }
    }

    private func classify(_ version: ServableVersion, _ classifier: Classifier, image: [UInt8], info: ImageInfo) throws -> (PredictionDTO, Observation) {
        let side = classifier.inputShape[0]
        let sample = try Imaging.reduced(image, toFit: side * 2, info: info).sample(side: side).pixels
        let prediction = classifier.predict([sample])[0]
        let ranked = zip(classifier.labels, prediction.probabilities).sorted { $0.1 > $1.1 }
        return (PredictionDTO(modelName: version.modelName, version: version.version,
                              predictions: ranked.map { .init(label: $0.0, probability: Double($0.1)) },
                              embeddingSize: prediction.embedding.count, detections: nil, imageWidth: nil, imageHeight: nil),
                Observation(properties: ImageProperties.measure(pixels: sample, side: side), width: info.width, height: info.height,
                            embedding: prediction.embedding))
    }

    private func detect(_ version: ServableVersion, _ detector: Detector, image: [UInt8], info: ImageInfo) throws -> (PredictionDTO, Observation) {
        let letterbox = Letterbox(imageWidth: info.width, imageHeight: info.height, side: detector.side)
        let raster = try Imaging.reduced(image, toFit: detector.side * 2, info: info)
        let sample = raster.letterboxed(side: detector.side, left: letterbox.left, top: letterbox.top,
                                        width: letterbox.scaledWidth, height: letterbox.scaledHeight).pixels
        let seen = detector.inspect([sample], scoreThreshold: 0.3, topK: 100)[0]
        let boxes = seen.boxes.map(letterbox.toImage)
        return (PredictionDTO(modelName: version.modelName, version: version.version, predictions: nil, embeddingSize: nil,
                              detections: boxes.map { box in
                                  .init(label: detector.labels[box.classIndex], score: Double(box.score),
                                        bbox: [box.x, box.y, box.width, box.height].map { (Double($0) * 100).rounded() / 100 })
                              }, imageWidth: info.width, imageHeight: info.height),
                Observation(properties: ImageProperties.measure(pixels: sample, side: detector.side), width: info.width, height: info.height,
                            embedding: seen.embedding))
    }
}

/// What an image looked like to the model, for drift checks: its properties on the model's sample,
/// its displayed size, and the network's embedding.
struct Observation {
    let properties: ImageProperties
    let width: Int
    let height: Int
    let embedding: [Float]?
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

    /// The labels it answered (a classifier's first; a detector's boxes') and how sure it was (a
    /// classifier's top probability; a detector's best box score, nil with no box): usage counts these.
    var answered: (labels: [String], confidence: Double?) {
        if let first = predictions?.first { return ([first.label], first.probability) }
        let boxes = detections ?? []
        return (boxes.map(\.label), boxes.map(\.score).max())
    }

    /// Whether another version's answer on the same image says the same: the same first class, or
    /// boxes that match one to one (same label, IoU ≥ 0.5) for at least half of either set.
    func agrees(with other: PredictionDTO) -> Bool {
        if let mine = predictions?.first, let theirs = other.predictions?.first { return mine.label == theirs.label }
        let a = (detections ?? []).map { LabelledBox(label: $0.label, bbox: $0.bbox) }
        let b = (other.detections ?? []).map { LabelledBox(label: $0.label, bbox: $0.bbox) }
        return LabelledBox.matchF1(a, b) >= 0.5
    }
}
