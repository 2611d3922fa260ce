// What COCO's bbox evaluation reads: a ground-truth file's images, categories and annotation boxes,
// and a results file (`[{image_id, category_id, bbox, score}]`, as `COCO.loadRes` takes it). A
// problem is reported with its JSON path, as imports do.
import Foundation

public struct COCOEvaluationInput: Sendable {
    public struct Category: Sendable, Equatable, Decodable { public let id: Int; public let name: String }
    public struct Box: Sendable, Equatable {
        public let imageID: Int
        public let categoryID: Int
        public let x: Double, y: Double, width: Double, height: Double
        /// 1 for ground truth.
        public let score: Double
    }

    /// Image ids in the ground truth's order.
    public let imageIDs: [Int]
    public let categories: [Category]
    public let truths: [Box]
    public let results: [Box]

    public static func parse(groundTruth: [UInt8], results: [UInt8]) throws -> COCOEvaluationInput {
        let truth: GroundTruthFile = try decode(groundTruth, root: "$")
        let found: [ResultEntry] = try decode(results, root: "results")
        let images = Set(truth.images.map(\.id)), categories = Set(truth.categories.map(\.id))
        func box(_ image: Int, _ category: Int, _ bbox: [Double], _ score: Double, _ path: String) throws -> Box {
            guard images.contains(image) else { throw DatasetFormatError(path: "\(path).image_id", message: "Image \(image) is not in the ground truth.") }
            guard categories.contains(category) else {
                throw DatasetFormatError(path: "\(path).category_id", message: "Category \(category) is not in the ground truth.")
            }
            guard bbox.count == 4, bbox.allSatisfy(\.isFinite) else { throw DatasetFormatError(path: "\(path).bbox", message: "A bbox is [x, y, width, height].") }
            return Box(imageID: image, categoryID: category, x: bbox[0], y: bbox[1], width: bbox[2], height: bbox[3], score: score)
        }
        var truths: [Box] = []
        for (index, annotation) in truth.annotations.enumerated() {
            let path = "annotations[\(index)]"
            guard annotation.iscrowd ?? 0 == 0 else { throw DatasetFormatError(path: "\(path).iscrowd", message: "Crowd annotations are not evaluated.") }
            truths.append(try box(annotation.imageId, annotation.categoryId, annotation.bbox, 1, path))
        }
        let results = try found.enumerated().map { index, entry in
            try box(entry.imageId, entry.categoryId, entry.bbox, entry.score, "results[\(index)]")
        }
        return COCOEvaluationInput(imageIDs: truth.images.map(\.id), categories: truth.categories.sorted { $0.id < $1.id },
                                   truths: truths, results: results)
    }

    private struct GroundTruthFile: Decodable {
        struct Image: Decodable { let id: Int }
        struct Annotation: Decodable { let imageId: Int; let categoryId: Int; let bbox: [Double]; let iscrowd: Int? }
        let images: [Image]
        let categories: [Category]
        let annotations: [Annotation]
    }

    private struct ResultEntry: Decodable { let imageId: Int; let categoryId: Int; let bbox: [Double]; let score: Double }

    private static func decode<T: Decodable>(_ bytes: [UInt8], root: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(T.self, from: Data(bytes))
        } catch let DecodingError.keyNotFound(key, context) {
            throw DatasetFormatError(path: path(root, context.codingPath + [key]), message: "Missing.")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw DatasetFormatError(path: path(root, context.codingPath), message: context.debugDescription)
        } catch {
            throw DatasetFormatError(path: root, message: "The file is not valid JSON.")
        }
    }

    private static func path(_ root: String, _ keys: [any CodingKey]) -> String {
        keys.reduce(root) { path, key in
            if let index = key.intValue { return "\(path)[\(index)]" }
            let snake = key.stringValue.reduce(into: "") { $0 += $1.isUppercase ? "_" + $1.lowercased() : String($1) }
            return "\(path).\(snake)"
        }
    }
}
