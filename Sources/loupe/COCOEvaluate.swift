// `loupe coco-eval --ground-truth GT.json --results DT.json`: COCO box AP of a results file, computed
// the way Loupe scores its detectors, printed as JSON (to compare with pycocotools, or to score any
// detector's output against a project's export without Python).
import ArgumentParser
import Domain
import Foundation
import Tensor

struct COCOEvaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coco-eval",
        abstract: "Box AP@[.5:.95], AP50, AP75 and per-class AP50 of COCO results against a COCO ground truth.")

    @Option(help: "COCO detection file: images, categories, annotations (a project's export).") var groundTruth: String
    @Option(help: "COCO results file: [{image_id, category_id, bbox, score}] (a version's predictions export).") var results: String

    func run() throws {
        let input: COCOEvaluationInput
        do {
            input = try COCOEvaluationInput.parse(groundTruth: try read(groundTruth), results: try read(results))
        } catch let error as DatasetFormatError {
            throw ValidationError("\(error.path): \(error.message)")
        }
        let imageIndex = Dictionary(uniqueKeysWithValues: input.imageIDs.enumerated().map { ($1, $0) })
        let classIndex = Dictionary(uniqueKeysWithValues: input.categories.enumerated().map { ($1.id, $0) })
        func boxes(_ list: [COCOEvaluationInput.Box]) -> [[DetectionBox]] {
            var perImage = [[DetectionBox]](repeating: [], count: input.imageIDs.count)
            for box in list {
                perImage[imageIndex[box.imageID]!].append(DetectionBox(
                    classIndex: classIndex[box.categoryID]!, score: Float(box.score),
                    x: Float(box.x), y: Float(box.y), width: Float(box.width), height: Float(box.height)))
            }
            return perImage
        }
        let summary = DetectionEvaluation.summary(predictions: boxes(input.results), truths: boxes(input.truths),
                                                  classes: input.categories.count)
        var perClass: [String: Double] = [:]
        for (category, ap) in zip(input.categories, summary.perClassAP50) { if let ap { perClass[category.name] = Double(ap) } }
        let report: [String: Any] = ["ap": Double(summary.ap), "ap50": Double(summary.ap50), "ap75": Double(summary.ap75),
                                     "per_class_ap50": perClass, "images": input.imageIDs.count, "results": input.results.count]
        let json = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys, .prettyPrinted])
        print(String(decoding: json, as: UTF8.self))
    }

    private func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("Cannot read \(path).") }
        return [UInt8](data)
    }
}
