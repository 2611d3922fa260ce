// A small detector learns to find objects, and average precision counts what it finds as COCO does.
import Foundation
import Testing
@testable import Tensor

@Suite struct DetectorTrainingTests {
    // MARK: - Average precision

    @Test func averagePrecisionCountsRanksMissesAndDuplicates() {
        // Given two images: image 0 has two cats, image 1 one cat and one dog
        let cat = { (x: Float, y: Float) in DetectionBox(classIndex: 0, x: x, y: y, width: 10, height: 10) }
        let truths = [[cat(0, 0), cat(50, 50)], [cat(20, 20), DetectionBox(classIndex: 1, x: 0, y: 0, width: 8, height: 8)]]
        func scored(_ box: DetectionBox, _ score: Float) -> DetectionBox { var b = box; b.score = score; return b }
        // When every true box is found, best scores first, then AP is 1 for both classes
        let perfect = truths.map { $0.map { scored($0, 0.9) } }
        #expect(DetectionEvaluation.averagePrecision(predictions: perfect, truths: truths, classes: 2, iou: 0.5).meanAP == 1)
        // When a false cat outranks the true ones: precision 0, 1/2, 2/3, 3/4 at recalls 0, 1/3, 2/3, 1
        let withFalse = [[scored(cat(0, 0), 0.8), scored(cat(50, 50), 0.7), scored(cat(90, 90), 0.95)],
                         [scored(cat(20, 20), 0.6)]]
        let cats = DetectionEvaluation.averagePrecision(predictions: withFalse, truths: truths, classes: 2, iou: 0.5)
        // The envelope is 3/4 at every recall point; the dog (no detections) scores 0
        #expect(abs(cats.perClass[0]! - 0.75) < 1e-6 && cats.perClass[1] == 0)
        // And a duplicate of a found box counts as a false positive, not a second find
        let duplicate = [[scored(cat(0, 0), 0.9), scored(cat(0, 0), 0.8), scored(cat(50, 50), 0.7)], [scored(cat(20, 20), 0.6)]]
        let deduplicated = DetectionEvaluation.averagePrecision(predictions: duplicate, truths: truths, classes: 2, iou: 0.5)
        #expect(deduplicated.perClass[0]! < 1 && deduplicated.perClass[0]! > 0.8)
        // A box shifted by half its size matches at IoU 0.5? No: 1/3 overlap. It counts only below that threshold
        let shifted = [[scored(cat(5, 0), 0.9), scored(cat(50, 50), 0.9)], [scored(cat(20, 20), 0.9)]]
        #expect(DetectionEvaluation.averagePrecision(predictions: shifted, truths: truths, classes: 2, iou: 0.3).perClass[0] == 1)
        #expect(DetectionEvaluation.averagePrecision(predictions: shifted, truths: truths, classes: 2, iou: 0.5).perClass[0]! < 1)
    }

    // MARK: - Learning

    /// Images of side `side` with 1–2 filled squares on noise: class 0 red, class 1 blue.
    static func squares(count: Int, side: Int, seed: UInt64) -> (images: [[UInt8]], boxes: [[DetectionBox]]) {
        var generator = SeededGenerator(seed: seed)
        func uniform(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(generator.next() % UInt64(range.count)) }
        var images: [[UInt8]] = [], boxes: [[DetectionBox]] = []
        for _ in 0..<count {
            var pixels = (0..<(side * side * 3)).map { _ in UInt8(90 + uniform(0...40)) }
            var placed: [DetectionBox] = []
            for _ in 0..<uniform(1...2) {
                let size = uniform(10...22), k = uniform(0...1)
                let box = DetectionBox(classIndex: k, x: Float(uniform(0...(side - size))), y: Float(uniform(0...(side - size))),
                                       width: Float(size), height: Float(size))
                guard !placed.contains(where: { $0.iou(box) > 0 }) else { continue }
                for y in Int(box.y)..<Int(box.y) + size {
                    for x in Int(box.x)..<Int(box.x) + size {
                        let p = (y * side + x) * 3
                        (pixels[p], pixels[p + 1], pixels[p + 2]) = k == 0 ? (220, 40, 40) : (40, 60, 220)
                    }
                }
                placed.append(box)
            }
            images.append(pixels)
            boxes.append(placed)
        }
        return (images, boxes)
    }

    @Test func aSmallDetectorLearnsToFindSquares() {
        // Given 160 training and 40 held-out images of 64 px with exact boxes, and a stride-4 detector
        let side = 64, stride = 4, classes = 2
        let train = Self.squares(count: 160, side: side, seed: 7), heldOut = Self.squares(count: 40, side: side, seed: 8)
        let architecture = Architecture(kind: .detector, inputHeight: side, inputWidth: side, inputChannels: 3, classes: classes,
                                        hiddenWidths: [32], convChannels: [16, 32, 32], outputStride: stride)
        #expect(architecture.validationProblems().isEmpty)
        let network = Network(architecture: architecture, seed: 3)
        let normalization = Normalization.unit(channels: 3)
        let targets = train.boxes.map { CenterNetTargets(boxes: $0, side: side, stride: stride, classes: classes) }
        let optimizer = Adam(learningRate: 2e-3)
        let cells = side / stride, channels = classes + 4
        // When it trains for 25 epochs of batches of 16
        var losses: [Float] = []
        for _ in 0..<25 {
            var epochLoss: Float = 0
            for start in Swift.stride(from: 0, to: train.images.count, by: 16) {
                let batch = Array(start..<min(start + 16, train.images.count))
                let x = normalization.batch(batch.map { train.images[$0] }, shape: [side, side, 3])
                epochLoss += network.trainStep(x, optimizer: optimizer) { output in
                    CenterNetLoss.evaluate(output, targets: batch.map { targets[$0] }, classes: classes)
                }
            }
            losses.append(epochLoss)
        }
        // Then the loss falls, and on held-out images it finds the squares: AP50 ≥ 0.8
        #expect(losses.last! < losses.first! / 3, "losses \(losses)")
        let output = network.forward(normalization.batch(heldOut.images, shape: [side, side, 3]), training: false)
        let decoder = DetectionDecoder(classes: classes, stride: stride, scoreThreshold: 0.05)
        let predictions = (0..<heldOut.images.count).map { n in
            decoder.decode(output.scalars[(n * cells * cells * channels)..<((n + 1) * cells * cells * channels)], cells: cells)
        }
        let ap50 = DetectionEvaluation.averagePrecision(predictions: predictions, truths: heldOut.boxes, classes: classes, iou: 0.5)
        #expect(ap50.meanAP >= 0.8, "AP50 \(ap50.meanAP), per class \(ap50.perClass)")
    }

    @Test func aDetectorFileRoundTripsAndVersionOneFilesStillLoad() throws {
        // Given a detector and its file
        let architecture = Architecture(kind: .detector, inputHeight: 16, inputWidth: 16, inputChannels: 3, classes: 1,
                                        hiddenWidths: [8], convChannels: [4, 8], outputStride: 4)
        let network = Network(architecture: architecture, seed: 2)
        let file = ModelFile(network: network, labels: ["digit"], normalization: .unit(channels: 3))
        // Then it round-trips with identical outputs, and a classifier refuses to run it
        let loaded = try ModelFile(decoding: file.encoded())
        let x = randomTensor([1, 16, 16, 3], seed: 9)
        #expect(try loaded.makeNetwork().forward(x, training: false) == network.forward(x, training: false))
        #expect(throws: TensorError.wrongModelKind(expected: "classifier", found: "detector")) { try Classifier(loaded) }
        // And a classifier file written as version 1 (before detectors: no outputStride) still loads
        let classifier = Network(architecture: Architecture(kind: .mlp, inputHeight: 2, inputWidth: 2, inputChannels: 1, classes: 2,
                                                            hiddenWidths: [3]), seed: 1)
        var bytes = ModelFile(network: classifier, labels: ["a", "b"], normalization: .unit(channels: 1)).encoded()
        bytes.replaceSubrange(8..<12, with: [1, 0, 0, 0])  // the version field
        let checksum: UInt32 = Array(bytes.dropLast(4)).withUnsafeBytes(CRC32.checksum)
        bytes.replaceSubrange((bytes.count - 4)..., with: withUnsafeBytes(of: checksum.littleEndian) { Array($0) })
        let old = try ModelFile(decoding: bytes)
        #expect(old.header.architecture.outputStride == nil)
        // And a detector refuses to run a classifier's file
        #expect(throws: TensorError.wrongModelKind(expected: "detector", found: "classifier")) { try Detector(old) }
    }
}
