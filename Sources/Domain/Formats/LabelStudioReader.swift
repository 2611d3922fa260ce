// Reads Label Studio's JSON export: a list of tasks, each with its image URL in `data`, the first
// annotation that was not cancelled (`rectanglelabels`, `polygonlabels`, `choices`; values in
// percent of the image), and `predictions`, whose boxes become suggestions. The image is matched by
// the URL's file name (without the 8-hex prefix Label Studio gives uploads), in the upload or the project.
import Foundation

public enum LabelStudioReader {
    public static func read(_ files: some DatasetFiles) throws -> DatasetDocument {
        let names = files.names.filter { !DatasetPath.isJunk($0) }
        let jsons = names.filter { DatasetPath.fileExtension($0) == "json" }
        guard let file = jsons.count == 1 ? jsons[0] : jsons.first(where: { DatasetPath.baseName($0) == "tasks.json" }) else {
            throw DatasetFormatError(path: "tasks.json", message: jsons.isEmpty ? "No .json file was found." : "Several .json files; name the tasks file tasks.json.")
        }
        let uploaded = UploadedImages(names)
        let json = JSONWalker()
        let root = try JSONWalker.parse(try files.data(file))
        let tasks = try json.array(root is [String: Any] ? [root] : root, "$")
        var builder = DatasetDocumentBuilder()
        for (index, value) in tasks.enumerated() {
            let path = "[\(index)]"
            let task = try json.object(value, path)
            let data = try json.object(task["data"], "\(path).data")
            guard let url = imageURL(data) else {
                throw DatasetFormatError(path: "\(path).data", message: "No image URL in the task's data (expected data.image).")
            }
            let fileName = uploadName(url)
            let file = try uploaded.file(named: fileName, at: "\(path).data") ?? uploaded.file(named: DatasetPath.baseName(url), at: "\(path).data")
            let imageID = try builder.image(fileName, width: nil, height: nil, path: path, archivePath: file)
            let annotations = try json.array(task["annotations"] ?? task["completions"] ?? [Any](), "\(path).annotations")
            var used = false
            for (number, annotationValue) in annotations.enumerated() {
                let at = "\(path).annotations[\(number)]"
                let annotation = try json.object(annotationValue, at)
                if annotation["was_cancelled"] as? Bool == true { continue }
                guard !used else {
                    builder.skip(at, "A second annotation of the same task; the first is imported.")
                    continue
                }
                used = true
                for (resultIndex, result) in try json.array(annotation["result"] ?? [Any](), "\(at).result").enumerated() {
                    try readResult(result, path: "\(at).result[\(resultIndex)]", image: imageID, prediction: nil, into: &builder)
                }
            }
            for (number, predictionValue) in try json.array(task["predictions"] ?? [Any](), "\(path).predictions").enumerated() {
                let at = "\(path).predictions[\(number)]"
                let prediction = try json.object(predictionValue, at)
                let score = (prediction["score"] as? NSNumber)?.doubleValue ?? 1
                let model = (prediction["model_version"] as? String).flatMap { $0.isEmpty ? nil : $0 }
                let source = model.map { "Label Studio: \($0)" } ?? "Label Studio predictions"
                for (resultIndex, result) in try json.array(prediction["result"] ?? [Any](), "\(at).result").enumerated() {
                    try readResult(result, path: "\(at).result[\(resultIndex)]", image: imageID, prediction: (score, source), into: &builder)
                }
            }
        }
        guard !builder.document.images.isEmpty else { throw DatasetFormatError(path: "$", message: "The file holds no tasks.") }
        return builder.document
    }

    /// One result: a shape (or, from a prediction, a suggested box).
    private static func readResult(_ value: Any, path: String, image: Int, prediction: (score: Double, source: String)?,
                                   into builder: inout DatasetDocumentBuilder) throws {
        let json = JSONWalker()
        let result = try json.object(value, path)
        let type = try json.string(result["type"], "\(path).type")
        let body = try json.object(result["value"], "\(path).value")
        func label(_ key: String) throws -> Int64 {
            let names = try json.array(body[key], "\(path).value.\(key)")
            guard let first = names.first as? String, !first.isEmpty else {
                throw DatasetFormatError(path: "\(path).value.\(key)", message: "Expected a label name.")
            }
            return Int64(builder.category(first))
        }
        switch type {
        case "rectanglelabels", "labels":
            // `labels` results with a width are rectangles drawn with <Labels> + <Rectangle>; others are text spans.
            guard type == "rectanglelabels" || body["width"] != nil else {
                builder.skip(path, "Label Studio's text labels have no Loupe shape; not imported.")
                return
            }
            let key = type == "labels" ? "labels" : "rectanglelabels"
            if let rotation = (body["rotation"] as? NSNumber)?.doubleValue, rotation != 0 {
                builder.skip(path, "A box rotated by \(rotation)° is not imported; Loupe's boxes are upright.")
                return
            }
            let v = try ["x", "y", "width", "height"].map { try json.number(body[$0], "\(path).value.\($0)") / 100 }
            let box = Shape.box(labelID: try label(key), x: v[0], y: v[1], width: v[2], height: v[3])
            if let prediction {
                let own = (result["score"] as? NSNumber)?.doubleValue ?? prediction.score
                builder.suggestion(box, image: image, score: min(max(own, 0), 1), path: path, source: prediction.source)
            } else {
                builder.shape(box, image: image, path: path, relative: true)
            }
        case "polygonlabels":
            guard prediction == nil else {
                builder.skip(path, "Predicted polygons are not imported; only predicted boxes become suggestions.")
                return
            }
            let points = try json.array(body["points"], "\(path).value.points").enumerated().map { index, pair -> Point in
                let xy = try json.array(pair, "\(path).value.points[\(index)]")
                guard xy.count == 2 else { throw DatasetFormatError(path: "\(path).value.points[\(index)]", message: "A point is [x, y].") }
                return Point(x: try json.number(xy[0], "\(path).value.points[\(index)][0]") / 100,
                             y: try json.number(xy[1], "\(path).value.points[\(index)][1]") / 100)
            }
            guard points.count >= 3 else { throw DatasetFormatError(path: "\(path).value.points", message: "A polygon needs at least 3 points.") }
            builder.shape(.polygon(labelID: try label("polygonlabels"), points: points), image: image, path: path, relative: true)
        case "choices":
            guard prediction == nil else {
                builder.skip(path, "Predicted choices are not imported as tag suggestions.")
                return
            }
            for (index, name) in try json.array(body["choices"], "\(path).value.choices").enumerated() {
                guard let name = name as? String, !name.isEmpty else {
                    throw DatasetFormatError(path: "\(path).value.choices[\(index)]", message: "Expected a label name.")
                }
                builder.shape(.tag(labelID: Int64(builder.category(name))), image: image, path: path)
            }
        default:
            builder.skip(path, "Label Studio's \(type) has no Loupe shape; not imported.")
        }
    }

    private static func imageURL(_ data: [String: Any]) -> String? {
        for key in ["image", "img", "image_url", "url"] { if let url = data[key] as? String, !url.isEmpty { return url } }
        return data.values.compactMap { $0 as? String }.first { DatasetPath.isImage(uploadName($0)) }
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
}
