// A loaded detector ready for inference: letterboxed byte samples in, boxes in input pixels out.

public final class Detector {
    public let file: ModelFile
    public let network: Network
    public var labels: [String] { file.header.labels }
    /// The square input side in pixels.
    public var side: Int { file.header.architecture.inputHeight }
    public var stride: Int { file.header.architecture.outputStride ?? 4 }

    public init(_ file: ModelFile) throws(TensorError) {
        guard file.header.architecture.kind == .detector else {
            throw .wrongModelKind(expected: "detector", found: file.header.architecture.kind == .linear ? "linear classifier" : "classifier")
        }
        self.file = file
        network = try file.makeNetwork()
    }

    /// Boxes for each side × side × 3 letterboxed sample, in input pixels, best first.
    public func detect(_ samples: [[UInt8]], scoreThreshold: Float = 0.3, topK: Int = 100) -> [[DetectionBox]] {
        inspect(samples, scoreThreshold: scoreThreshold, topK: topK).map(\.boxes)
    }

    /// What the detector sees in each sample: its boxes (best first), and the head's features averaged
    /// over the image (an embedding, for telling similar images apart).
    public func inspect(_ samples: [[UInt8]], scoreThreshold: Float, topK: Int) -> [(boxes: [DetectionBox], embedding: [Float])] {
        let decoder = DetectionDecoder(classes: labels.count, stride: stride, scoreThreshold: scoreThreshold, topK: topK)
        let cells = side / stride, size = cells * cells * (labels.count + 4)
        var found: [(boxes: [DetectionBox], embedding: [Float])] = []
        for start in Swift.stride(from: 0, to: samples.count, by: 16) {
            let chunk = Array(samples[start..<min(start + 16, samples.count)])
            let (output, features) = network.inferWithFeatures(file.header.normalization.batch(chunk, shape: [side, side, 3]))
            let width = features.shape[3], positions = features.shape[1] * features.shape[2]
            for row in 0..<chunk.count {
                var embedding = [Float](repeating: 0, count: width)
                let base = row * positions * width
                for position in 0..<positions {
                    for c in 0..<width { embedding[c] += features.scalars[base + position * width + c] }
                }
                found.append((decoder.decode(output.scalars[(row * size)..<((row + 1) * size)], cells: cells),
                              embedding.map { $0 / Float(positions) }))
            }
        }
        return found
    }
}
