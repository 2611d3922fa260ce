// The detector's training loop on generated images: it learns (with augmentation and early stopping),
// reports each epoch, and measures COCO AP on the held-out images.
import Domain
import Foundation
import Testing
import Tensor
@testable import Training

@Suite struct DetectorTrainerTests {
    /// 64-px images of noise with one or two discs (class 0) or crosses (class 1), and their exact boxes.
    static func shapes(count: Int, seed: UInt64) -> [(imageID: Int64, pixels: [UInt8], boxes: [DetectionBox])] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { n in
            var pixels = (0..<(64 * 64 * 3)).map { _ in UInt8(100 + Int(generator.next() % 30)) }
            var boxes: [DetectionBox] = []
            for _ in 0..<(1 + Int(generator.next() % 2)) {
                let size = 12 + Int(generator.next() % 10), k = Int(generator.next() % 2)
                let (x0, y0) = (Int(generator.next() % UInt64(64 - size)), Int(generator.next() % UInt64(64 - size)))
                let box = DetectionBox(classIndex: k, x: Float(x0), y: Float(y0), width: Float(size), height: Float(size))
                guard !boxes.contains(where: { $0.iou(box) > 0 }) else { continue }
                let r = Float(size) / 2
                for y in y0..<y0 + size {
                    for x in x0..<x0 + size {
                        let (dx, dy) = (Float(x - x0) + 0.5 - r, Float(y - y0) + 0.5 - r)
                        let inside = k == 0 ? dx * dx + dy * dy <= r * r : (abs(dx) < r / 3 || abs(dy) < r / 3)
                        if inside { pixels.replaceSubrange((y * 64 + x) * 3..<(y * 64 + x) * 3 + 3, with: k == 0 ? [240, 200, 20] : [20, 220, 240]) }
                    }
                }
                boxes.append(box)
            }
            return (Int64(n + 1), pixels, boxes)
        }
    }

    @Test func aDetectorTrainsReportsAndFindsDiscsAndCrosses() throws {
        // Given 200 generated images, a fifth held out, and a small stride-4 detector plan
        var config = try JSONDecoder().decode(TrainingConfig.self, from: Data(#"""
            {"architecture":"detector","input_size":64,"conv_channels":[16,32,32],"width":32,"epochs":30,"batch_size":16,
             "patience":30,"learning_rate":0.002}
            """#.utf8))
        config.seed = 3
        let data = DetectionDataset(side: 64, classNames: ["disc", "cross"], samples: Self.shapes(count: 200, seed: 11), validationFraction: 0.2)
        #expect(data.validation.count > 20 && data.train.count > 140)
        // When it trains
        var reports: [EpochReport] = []
        var checkpoints = 0
        let trained = try DetectorTrainer(plan: TrainingPlan(config)).train(data, report: { reports.append($0) },
                                                                            checkpoint: { _ in checkpoints += 1 })
        // Then every epoch was reported, with falling training loss, and the held-out AP50 is high
        #expect(reports.count == trained.epochsRun && checkpoints > trained.epochsRun)
        #expect(reports.last!.trainLoss < reports.first!.trainLoss / 2)
        #expect(trained.ap50 >= 0.8, "AP50 \(trained.ap50), AP \(trained.ap), per class \(trained.perClassAP50)")
        #expect(trained.ap <= trained.ap50 && trained.ap75 <= trained.ap50 && trained.perClassAP50.count == 2)
    }

    @Test func detectorSettingsAreCheckedWhenAJobIsAskedFor() {
        // A detector's input is 64–640 and a multiple of its stride; a classifier's stays 8–256
        func problem(_ json: String) -> String? {
            do { _ = try JSONDecoder().decode(TrainingConfig.self, from: Data(json.utf8)); return nil } catch { return (error as? TrainingConfigError)?.field }
        }
        #expect(problem(#"{"architecture":"detector","input_size":1024}"#) == "config.input_size")
        #expect(problem(#"{"architecture":"detector","input_size":322}"#) == "config.input_size")
        #expect(problem(#"{"architecture":"detector","output_stride":6}"#) == "config.output_stride")
        #expect(problem(#"{"architecture":"cnn","input_size":320}"#) == "config.input_size")
        #expect(problem(#"{"architecture":"detector"}"#) == nil)
    }
}
