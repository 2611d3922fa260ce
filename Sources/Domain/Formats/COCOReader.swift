// A COCO detection file read for import: every value checked, each problem reported with its JSON
// path (`annotations[12].segmentation[0]`). Boxes come back as boxes (a segmentation that is
// exactly the box's 4 corners, or none at all), polygons as polygons (one per part), and each
// image's extra `tags` (category ids, as Loupe exports them) as tags.
import Foundation

public enum COCOReader {
    /// Parses the file's bytes, or throws the first problem found.
    public static func read(_ data: [UInt8]) throws -> DatasetDocument {
        try Reader().document(try JSONWalker.parse(data))
    }

    /// Every .json file of the upload (Datumaro writes `annotations/instances_<subset>.json`), each
    /// image found in the upload by its path as written, else by a unique base name (images/x.jpg for x.jpg).
    public static func read(_ files: some DatasetFiles) throws -> DatasetDocument {
        let names = files.names.filter { !DatasetPath.isJunk($0) }
        let jsons = names.filter { DatasetPath.fileExtension($0) == "json" }.sorted()
        guard !jsons.isEmpty else { throw DatasetFormatError(path: "file", message: "The zip holds no .json file; put the COCO file in it.") }
        let present = Set(names)
        let byBaseName = Dictionary(grouping: names) { FileName.sanitised($0, fallback: $0) }
        var builder = DatasetDocumentBuilder()
        for json in jsons {
            var document: DatasetDocument
            do {
                document = try read(try files.data(json))
            } catch let fault as DatasetFormatError where jsons.count > 1 {
                throw DatasetFormatError(path: "\(json): \(fault.path)", message: fault.message)
            }
            for index in document.images.indices {
                let fileName = document.images[index].fileName
                let base = FileName.sanitised(fileName, fallback: fileName)
                document.images[index].archivePath = present.contains(fileName) ? fileName : byBaseName[base].flatMap { $0.count == 1 ? $0[0] : nil }
            }
            if jsons.count == 1 { return document }
            try builder.append(document, from: json)
        }
        return builder.document
    }
}

/// Walks the parsed JSON; category ids are shapes' label ids until the store maps them.
private struct Reader {
    let json = JSONWalker()

    func document(_ root: Any) throws -> DatasetDocument {
        let top = try json.object(root, "$")
        var categories: [DatasetDocument.Category] = []
        var categoryIDs = Set<Int>(), names = Set<String>()
        for (index, value) in try json.array(top["categories"], "categories").enumerated() {
            let path = "categories[\(index)]"
            let category = try json.object(value, path)
            let id = try json.integer(category["id"], "\(path).id")
            let name = try json.string(category["name"], "\(path).name")
            guard categoryIDs.insert(id).inserted else { throw DatasetFormatError(path: "\(path).id", message: "Category id \(id) appears twice.") }
            guard names.insert(name.lowercased()).inserted else {
                throw DatasetFormatError(path: "\(path).name", message: "Category name '\(name)' appears twice.")
            }
            categories.append(.init(id: id, name: name))
        }
        var images: [DatasetDocument.Image] = []
        var imageIDs = Set<Int>(), fileNames = Set<String>()
        var tags: [DatasetDocument.Annotation] = []
        for (index, value) in try json.array(top["images"], "images").enumerated() {
            let path = "images[\(index)]"
            let image = try json.object(value, path)
            let id = try json.integer(image["id"], "\(path).id")
            let fileName = try json.string(image["file_name"], "\(path).file_name")
            guard imageIDs.insert(id).inserted else { throw DatasetFormatError(path: "\(path).id", message: "Image id \(id) appears twice.") }
            guard fileNames.insert(fileName).inserted else {
                throw DatasetFormatError(path: "\(path).file_name", message: "Two images are called '\(fileName)'.")
            }
            let width = try image["width"].map { try json.integer($0, "\(path).width") }
            let height = try image["height"].map { try json.integer($0, "\(path).height") }
            images.append(.init(id: id, fileName: fileName, width: width, height: height, path: path))
            if let rawTags = image["tags"] {
                for (tagIndex, tag) in try json.array(rawTags, "\(path).tags").enumerated() {
                    let tagPath = "\(path).tags[\(tagIndex)]"
                    let category = try json.integer(tag, tagPath)
                    guard categoryIDs.contains(category) else {
                        throw DatasetFormatError(path: tagPath, message: "No category has id \(category).")
                    }
                    tags.append(.init(imageID: id, shape: .tag(labelID: Int64(category)), path: tagPath))
                }
            }
        }
        var annotations: [DatasetDocument.Annotation] = []
        for (index, value) in try json.array(top["annotations"] ?? [Any](), "annotations").enumerated() {
            let path = "annotations[\(index)]"
            let annotation = try json.object(value, path)
            let imageID = try json.integer(annotation["image_id"], "\(path).image_id")
            guard imageIDs.contains(imageID) else { throw DatasetFormatError(path: "\(path).image_id", message: "No image has id \(imageID).") }
            let category = try json.integer(annotation["category_id"], "\(path).category_id")
            guard categoryIDs.contains(category) else {
                throw DatasetFormatError(path: "\(path).category_id", message: "No category has id \(category).")
            }
            if let crowd = annotation["iscrowd"], try json.integer(crowd, "\(path).iscrowd") != 0 {
                throw DatasetFormatError(path: "\(path).iscrowd", message: "Crowd (RLE) annotations are not supported; Loupe imports boxes and polygons.")
            }
            for shape in try shapes(annotation, label: Int64(category), path) {
                annotations.append(.init(imageID: imageID, shape: shape, path: path))
            }
        }
        return DatasetDocument(categories: categories, images: images, annotations: annotations + tags)
    }

    /// A box from `bbox` when there is no segmentation or it is the box's outline; else a polygon per part.
    func shapes(_ annotation: [String: Any], label: Int64, _ path: String) throws -> [Shape] {
        let parts: [[Double]]
        switch annotation["segmentation"] {
        case nil:
            parts = []
        case let list as [Any]:
            parts = try list.enumerated().map { index, part in
                let partPath = "\(path).segmentation[\(index)]"
                let numbers = try json.array(part, partPath).enumerated().map { try json.number($1, "\(partPath)[\($0)]") }
                guard numbers.count >= 6, numbers.count % 2 == 0 else {
                    throw DatasetFormatError(path: partPath, message: "A polygon is [x1, y1, x2, y2, …] with at least 3 points.")
                }
                return numbers
            }
        default:
            throw DatasetFormatError(path: "\(path).segmentation", message: "RLE masks are not supported; use polygons.")
        }
        if parts.count == 1, let box = COCOAnnotation.boxCorners(parts[0]) {
            return [.box(labelID: label, x: box.x, y: box.y, width: box.width, height: box.height)]
        }
        if !parts.isEmpty {
            return parts.map { flat in
                .polygon(labelID: label, points: stride(from: 0, to: flat.count, by: 2).map { Point(x: flat[$0], y: flat[$0 + 1]) })
            }
        }
        let bbox = try json.array(annotation["bbox"], "\(path).bbox")
        guard bbox.count == 4 else { throw DatasetFormatError(path: "\(path).bbox", message: "A bbox is [x, y, width, height].") }
        let values = try bbox.enumerated().map { try json.number($1, "\(path).bbox[\($0)]") }
        return [.box(labelID: label, x: values[0], y: values[1], width: values[2], height: values[3])]
    }
}
