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
        let decoder = DetectionDecoder(classes: labels.count, stride: stride, scoreThreshold: scoreThreshold, topK: topK)
        let cells = side / stride, size = cells * cells * (labels.count + 4)
        var boxes: [[DetectionBox]] = []
        for start in Swift.stride(from: 0, to: samples.count, by: 16) {
            let chunk = Array(samples[start..<min(start + 16, samples.count)])
            let output = network.forward(file.header.normalization.batch(chunk, shape: [side, side, 3]), training: false)
            for row in 0..<chunk.count { boxes.append(decoder.decode(output.scalars[(row * size)..<((row + 1) * size)], cells: cells)) }
        }
        return boxes
    }
}
