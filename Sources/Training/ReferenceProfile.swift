// A new version's reference for drift: what it saw and said on its validation images — their
// properties and sizes, its answers' labels and confidence, and its embeddings — measured as serving
// will measure live traffic.
import Domain
import Tensor

enum ReferenceProfile {
    /// `sizes`: each validation image's displayed size, nil when the samples are crops (then sizes are
    /// not compared).
    static func classifier(_ file: ModelFile, validation: Dataset.Part, side: Int, sizes: [Int64: (width: Int, height: Int)]?) throws -> DriftProfile {
        let classifier = try Classifier(file)
        var random = DriftStatistics.SplitMix(seed: 1)
        var profile = DriftProfile()
        for (index, prediction) in classifier.predict(validation.pixels).enumerated() {
            let size = sizes?[validation.imageIDs[index]]
            profile.observe(ImageProperties.measure(pixels: validation.pixels[index], side: side), width: size?.width ?? -1,
                            height: size?.height ?? -1, confidence: Double(prediction.probabilities[prediction.best]),
                            labels: [classifier.labels[prediction.best]], embedding: prediction.embedding, using: &random)
        }
        if sizes == nil { profile.features["width"] = nil; profile.features["height"] = nil }
        return profile
    }

    static func detector(_ file: ModelFile, validation: DetectionDataset.Part, sizes: [Int64: (width: Int, height: Int)],
                         scoreThreshold: Float = 0.3) throws -> DriftProfile {
        let detector = try Detector(file)
        var random = DriftStatistics.SplitMix(seed: 1)
        var profile = DriftProfile()
        for (index, seen) in detector.inspect(validation.pixels, scoreThreshold: scoreThreshold, topK: 100).enumerated() {
            let size = sizes[validation.imageIDs[index]]
            profile.observe(ImageProperties.measure(pixels: validation.pixels[index], side: detector.side), width: size?.width ?? 0,
                            height: size?.height ?? 0, confidence: seen.boxes.map { Double($0.score) }.max(),
                            labels: seen.boxes.map { detector.labels[$0.classIndex] }, embedding: seen.embedding, using: &random)
        }
        return profile
    }
}
