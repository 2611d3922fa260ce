// Reads the VGG Image Annotator (VIA 2): its JSON (`{"<name><size>": {filename, regions: […]}}`,
// or a project file holding it under `_via_img_metadata`) or its CSV (one row per region, the
// shape and attributes as JSON in cells). A region's label is its `label`, `class` or `name`
// attribute, else its only attribute; a checkbox attribute (`{"cat": true}`) gives each ticked key.
import Foundation

public enum VIAReader {
    public static func read(_ files: some DatasetFiles) throws -> DatasetDocument {
        let names = files.names.filter { !DatasetPath.isJunk($0) }
        let candidates = names.filter { ["json", "csv"].contains(DatasetPath.fileExtension($0)) }
        guard candidates.count == 1, let file = candidates.first else {
            throw DatasetFormatError(path: "$", message: candidates.isEmpty ? "No VIA .json or .csv file was found." : "Several .json/.csv files; send one VIA file.")
        }
        let uploaded = UploadedImages(names)
        var builder = DatasetDocumentBuilder()
        var imageOf: [String: Int] = [:]
        func image(_ fileName: String, path: String) throws -> Int {
            if let id = imageOf[fileName] { return id }
            let id = try builder.image(DatasetPath.baseName(fileName), width: nil, height: nil, path: path,
                                       archivePath: try uploaded.file(named: fileName, at: path))
            imageOf[fileName] = id
            return id
        }
        let bytes = try files.data(file)
        let json = JSONWalker()
        if DatasetPath.fileExtension(file) == "json" {
            var top = try json.object(try JSONWalker.parse(bytes), "$")
            var prefix = ""
            if let metadata = top["_via_img_metadata"] {
                top = try json.object(metadata, "_via_img_metadata")
                prefix = "_via_img_metadata"
            }
            for key in top.keys.sorted() {
                let path = prefix.isEmpty ? JSONText.quoted(key) : "\(prefix).\(JSONText.quoted(key))"
                let entry = try json.object(top[key], path)
                let imageID = try image(try json.string(entry["filename"], "\(path).filename"), path: path)
                let regions: [Any]
                if let list = entry["regions"] as? [Any] {
                    regions = list
                } else if let keyed = entry["regions"] as? [String: Any] {  // VIA 1 keyed its regions "0", "1", …
                    regions = keyed.keys.sorted { (Int($0) ?? 0) < (Int($1) ?? 0) }.map { keyed[$0]! }
                } else {
                    regions = []
                }
                for (index, region) in regions.enumerated() {
                    let at = "\(path).regions[\(index)]"
                    let object = try json.object(region, at)
                    try readRegion(shape: try json.object(object["shape_attributes"], "\(at).shape_attributes"),
                                   attributes: object["region_attributes"] as? [String: Any] ?? [:], path: at, image: imageID, into: &builder)
                }
            }
        } else {
            let rows = try CSVRows.parse(String(decoding: bytes, as: UTF8.self), path: file)
            guard let header = rows.first, let nameColumn = header.firstIndex(of: "filename"),
                  let shapeColumn = header.firstIndex(of: "region_shape_attributes") else {
                throw DatasetFormatError(path: "\(file):1", message: "A VIA CSV starts with filename,…,region_shape_attributes,region_attributes.")
            }
            let attributeColumn = header.firstIndex(of: "region_attributes")
            for (index, row) in rows.enumerated().dropFirst() where row.count > 1 || row.first?.isEmpty == false {
                let at = "\(file):\(index + 1)"
                guard row.count == header.count else { throw DatasetFormatError(path: at, message: "\(row.count) columns; the header has \(header.count).") }
                let imageID = try image(row[nameColumn], path: at)
                let shapeText = row[shapeColumn]
                guard !shapeText.isEmpty, shapeText != "{}" else { continue }  // an image without regions
                let shape = try json.object(try cell(shapeText, at), "\(at).region_shape_attributes")
                let attributes = try attributeColumn.map { try json.object(try cell(row[$0], at), "\(at).region_attributes") } ?? [:]
                try readRegion(shape: shape, attributes: attributes, path: at, image: imageID, into: &builder)
            }
        }
        guard !builder.document.images.isEmpty else { throw DatasetFormatError(path: file, message: "The file describes no images.") }
        return builder.document
    }

    private static func cell(_ text: String, _ at: String) throws -> Any {
        do { return try JSONWalker.parse(Array(text.utf8)) } catch { throw DatasetFormatError(path: at, message: "A cell is not valid JSON: \(text.prefix(40))") }
    }

    private static func readRegion(shape: [String: Any], attributes: [String: Any], path: String, image: Int,
                                   into builder: inout DatasetDocumentBuilder) throws {
        let json = JSONWalker()
        let labels = labelNames(attributes)
        guard !labels.isEmpty else {
            throw DatasetFormatError(path: "\(path).region_attributes", message: "The region has no label (a label, class or name attribute).")
        }
        let kind = try json.string(shape["name"], "\(path).shape_attributes.name")
        for label in labels {
            let category = Int64(builder.category(label))
            switch kind {
            case "rect":
                let v = try ["x", "y", "width", "height"].map { try json.number(shape[$0], "\(path).shape_attributes.\($0)") }
                builder.shape(.box(labelID: category, x: v[0], y: v[1], width: v[2], height: v[3]), image: image, path: path)
            case "polygon":
                let xs = try json.array(shape["all_points_x"], "\(path).shape_attributes.all_points_x")
                let ys = try json.array(shape["all_points_y"], "\(path).shape_attributes.all_points_y")
                guard xs.count == ys.count, xs.count >= 3 else {
                    throw DatasetFormatError(path: "\(path).shape_attributes", message: "A polygon needs as many x as y, and at least 3 points.")
                }
                let points = try zip(xs, ys).enumerated().map { index, pair in
                    Point(x: try json.number(pair.0, "\(path).shape_attributes.all_points_x[\(index)]"),
                          y: try json.number(pair.1, "\(path).shape_attributes.all_points_y[\(index)]"))
                }
                builder.shape(.polygon(labelID: category, points: points), image: image, path: path)
            default:
                builder.skip(path, "VIA's \(kind) has no Loupe shape; not imported.")
            }
        }
    }

    /// The region's label names, by the conventions VIA projects use.
    static func labelNames(_ attributes: [String: Any]) -> [String] {
        let key = ["label", "class", "name", "type", "category"].first { attributes[$0] != nil } ?? (attributes.count == 1 ? attributes.keys.first : nil)
        guard let key, let value = attributes[key] else { return [] }
        if let text = value as? String { return text.isEmpty ? [] : [text] }
        if let ticked = value as? [String: Any] { return ticked.filter { ($0.value as? Bool) == true }.keys.sorted() }
        return []
    }
}
