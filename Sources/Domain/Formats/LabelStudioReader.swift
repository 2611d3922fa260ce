// Reads Label Studio's JSON export: a list of tasks, each with its image URL in `data`, the first
// annotation that was not cancelled (`rectanglelabels`, `polygonlabels`, `choices`; values in
// percent of the image), and `predictions`, whose boxes become suggestions. The image is matched by
// the URL's file name (without the 8-hex prefix Label Studio gives uploads), in the upload or the project.
// Decoded into structs (JSONDecoder), not a tree of objects: a million results fit in a fraction of the memory.
import Foundation

public enum LabelStudioReader {
    public static func read(_ files: some DatasetFiles) throws -> DatasetDocument {
        let names = files.names.filter { !DatasetPath.isJunk($0) }
        let jsons = names.filter { DatasetPath.fileExtension($0) == "json" }
        guard let file = jsons.count == 1 ? jsons[0] : jsons.first(where: { DatasetPath.baseName($0) == "tasks.json" }) else {
            throw DatasetFormatError(path: "tasks.json", message: jsons.isEmpty ? "No .json file was found." : "Several .json files; name the tasks file tasks.json.")
        }
        let uploaded = UploadedImages(names)
        let tasks = try decodeTasks(Data(try files.data(file)))
        var builder = DatasetDocumentBuilder()
        for (index, task) in tasks.enumerated() {
            let path = "[\(index)]"
            guard let url = imageURL(task.data ?? [:]) else {
                throw DatasetFormatError(path: "\(path).data", message: "No image URL in the task's data (expected data.image).")
            }
            let fileName = uploadName(url)
            let file = try uploaded.file(named: fileName, at: "\(path).data") ?? uploaded.file(named: DatasetPath.baseName(url), at: "\(path).data")
            let imageID = try builder.image(fileName, width: nil, height: nil, path: path, archivePath: file)
            var used = false
            for (number, annotation) in (task.annotations ?? task.completions ?? []).enumerated() {
                let at = "\(path).annotations[\(number)]"
                if annotation.wasCancelled == true { continue }
                guard !used else {
                    builder.skip(at, "A second annotation of the same task; the first is imported.")
                    continue
                }
                used = true
                for (resultIndex, result) in (annotation.result ?? []).enumerated() {
                    try read(result, path: "\(at).result[\(resultIndex)]", image: imageID, prediction: nil, into: &builder)
                }
            }
            for (number, prediction) in (task.predictions ?? []).enumerated() {
                let at = "\(path).predictions[\(number)]"
                let model = prediction.modelVersion.flatMap { $0.isEmpty ? nil : $0 }
                let source = model.map { "Label Studio: \($0)" } ?? "Label Studio predictions"
                for (resultIndex, result) in (prediction.result ?? []).enumerated() {
                    try read(result, path: "\(at).result[\(resultIndex)]", image: imageID, prediction: (prediction.score ?? 1, source), into: &builder)
                }
            }
        }
        guard !builder.document.images.isEmpty else { throw DatasetFormatError(path: "$", message: "The file holds no tasks.") }
        return builder.document
    }

    /// One result: a shape (or, from a prediction, a suggested box).
    private static func read(_ result: Result, path: String, image: Int, prediction: (score: Double, source: String)?,
                             into builder: inout DatasetDocumentBuilder) throws {
        let value = result.value ?? Value()
        func label(_ names: [String]?, _ key: String) throws -> Int64 {
            guard let first = names?.first, !first.isEmpty else {
                throw DatasetFormatError(path: "\(path).value.\(key)", message: "Expected a label name.")
            }
            return Int64(builder.category(first))
        }
        func number(_ number: Double?, _ key: String) throws -> Double {
            guard let number, number.isFinite else { throw DatasetFormatError(path: "\(path).value.\(key)", message: "Expected a number.") }
            return number
        }
        switch result.type {
        case "rectanglelabels", "labels":
            // `labels` results with a width are rectangles drawn with <Labels> + <Rectangle>; others are text spans.
            guard result.type == "rectanglelabels" || value.width != nil else {
                builder.skip(path, "Label Studio's text labels have no Loupe shape; not imported.")
                return
            }
            if let rotation = value.rotation, rotation != 0 {
                builder.skip(path, "A box rotated by \(rotation)° is not imported; Loupe's boxes are upright.")
                return
            }
            let names = result.type == "labels" ? value.labels : value.rectanglelabels
            let box = Shape.box(labelID: try label(names, result.type), x: try number(value.x, "x") / 100, y: try number(value.y, "y") / 100,
                                width: try number(value.width, "width") / 100, height: try number(value.height, "height") / 100)
            if let prediction {
                builder.suggestion(box, image: image, score: min(max(result.score ?? prediction.score, 0), 1), path: path, source: prediction.source)
            } else {
                builder.shape(box, image: image, path: path, relative: true)
            }
        case "polygonlabels":
            guard prediction == nil else {
                builder.skip(path, "Predicted polygons are not imported; only predicted boxes become suggestions.")
                return
            }
            let points = try (value.points ?? []).enumerated().map { index, pair -> Point in
                guard pair.count == 2, pair.allSatisfy(\.isFinite) else {
                    throw DatasetFormatError(path: "\(path).value.points[\(index)]", message: "A point is [x, y].")
                }
                return Point(x: pair[0] / 100, y: pair[1] / 100)
            }
            guard points.count >= 3 else { throw DatasetFormatError(path: "\(path).value.points", message: "A polygon needs at least 3 points.") }
            builder.shape(.polygon(labelID: try label(value.polygonlabels, "polygonlabels"), points: points), image: image, path: path, relative: true)
        case "choices":
            guard prediction == nil else {
                builder.skip(path, "Predicted choices are not imported as tag suggestions.")
                return
            }
            guard value.x == nil, value.points == nil else {
                builder.skip(path, "A region's attribute (\(result.fromName ?? "choices")) is not imported; Loupe keeps the shape.")
                return
            }
            guard let choices = value.choices else { throw DatasetFormatError(path: "\(path).value.choices", message: "Expected a list of label names.") }
            for (index, name) in choices.enumerated() {
                guard !name.isEmpty else { throw DatasetFormatError(path: "\(path).value.choices[\(index)]", message: "Expected a label name.") }
                builder.shape(.tag(labelID: Int64(builder.category(name))), image: image, path: path)
            }
        default:
            builder.skip(path, "Label Studio's \(result.type) has no Loupe shape; not imported.")
        }
    }

    private static func imageURL(_ data: [String: DataValue]) -> String? {
        for key in ["image", "img", "image_url", "url"] { if let url = data[key]?.text, !url.isEmpty { return url } }
        return data.values.compactMap(\.text).first { DatasetPath.isImage(uploadName($0)) }
    }

    /// `/data/upload/3/8f3a2b1c-robin.jpg` → `robin.jpg`; `/data/local-files/?d=birds/robin.jpg` → `robin.jpg`.
    static func uploadName(_ url: String) -> String {
        var path = url
        if let query = path.range(of: "?d=") { path = String(path[query.upperBound...]) } else if let question = path.firstIndex(of: "?") { path = String(path[..<question]) }
        let base = DatasetPath.baseName(path.removingPercentEncoding ?? path)
        let parts = base.split(separator: "-", maxSplits: 1)
        if parts.count == 2, parts[0].count == 8, parts[0].allSatisfy(\.isHexDigit) { return String(parts[1]) }
        return base
    }

    // MARK: - The file's shape

    /// The tasks: a list, or one task on its own.
    private static func decodeTasks(_ data: Data) throws -> [Task] {
        let decoder = JSONDecoder()  // snake_case keys are spelled out: converting every key costs a third of the decode
        do {
            return try decoder.decode([Task].self, from: data)
        } catch DecodingError.typeMismatch(_, let context) where context.codingPath.isEmpty {
            do { return [try decoder.decode(Task.self, from: data)] } catch { throw fault(error) }
        } catch {
            throw fault(error)
        }
    }

    /// A decoding error as a place in the file: `[3].annotations[0].result[1].value.x`.
    private static func fault(_ error: any Error) -> DatasetFormatError {
        func place(_ keys: [any CodingKey]) -> String {
            let path = keys.reduce("") { path, key in
                if let index = key.intValue { return "\(path)[\(index)]" }
                let snake = key.stringValue.reduce(into: "") { $0 += $1.isUppercase ? "_" + $1.lowercased() : String($1) }
                return "\(path).\(snake)"
            }
            return path.isEmpty ? "$" : path
        }
        switch error {
        case DecodingError.typeMismatch(let type, let context):
            return DatasetFormatError(path: place(context.codingPath), message: "Expected \(type == Double.self ? "a number" : type == String.self ? "a string" : "another kind of value").")
        case DecodingError.valueNotFound(_, let context):
            return DatasetFormatError(path: place(context.codingPath), message: "Missing.")
        case DecodingError.keyNotFound(let key, let context):
            return DatasetFormatError(path: place(context.codingPath + [key]), message: "Missing.")
        default:
            return DatasetFormatError(path: "$", message: "The file is not valid JSON.")
        }
    }

    private struct Task: Decodable {
        let data: [String: DataValue]?
        let annotations: [Annotation]?
        let completions: [Annotation]?
        let predictions: [Prediction]?
    }

    /// A value of a task's data: its text when it is a string, else nothing.
    private struct DataValue: Decodable {
        let text: String?
        init(from decoder: any Decoder) throws { text = try? decoder.singleValueContainer().decode(String.self) }
    }

    private struct Annotation: Decodable {
        let wasCancelled: Bool?
        let result: [Result]?

        enum CodingKeys: String, CodingKey {
            case wasCancelled = "was_cancelled", result
        }
    }

    private struct Prediction: Decodable {
        let modelVersion: String?
        let score: Double?
        let result: [Result]?

        enum CodingKeys: String, CodingKey {
            case modelVersion = "model_version", score, result
        }
    }

    private struct Result: Decodable {
        let type: String
        let score: Double?
        /// Relations and some other kinds have none.
        let value: Value?
        /// The control that made it.
        let fromName: String?

        enum CodingKeys: String, CodingKey {
            case type, score, value
            case fromName = "from_name"
        }
    }

    private struct Value: Decodable {
        var x: Double? = nil, y: Double? = nil, width: Double? = nil, height: Double? = nil, rotation: Double? = nil
        var points: [[Double]]? = nil
        var rectanglelabels: [String]? = nil
        var polygonlabels: [String]? = nil
        var labels: [String]? = nil
        var choices: [String]? = nil
    }
}
