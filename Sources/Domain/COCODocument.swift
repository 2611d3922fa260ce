// A COCO detection file read for import: every value checked, each problem reported with its JSON
// path (`annotations[12].segmentation[0]`). Boxes come back as boxes (a segmentation that is
// exactly the box's 4 corners, or none at all), polygons as polygons (one per part), and each
// image's extra `tags` (category ids, as Loupe exports them) as tags.
import Foundation

public struct COCOFormatError: Error, Equatable, Sendable {
    public let path: String
    public let message: String
}

public struct COCODocument: Sendable {
    public struct Category: Sendable, Equatable {
        public let id: Int
        public let name: String
    }

    public struct Image: Sendable, Equatable {
        public let id: Int
        public let fileName: String
        public let width: Int?
        public let height: Int?
        /// Where the image is in the file, for error paths.
        public let path: String
    }

    /// A shape for an image, its label given as a category id.
    public struct Annotation: Sendable, Equatable {
        public let imageID: Int
        public let shape: Shape
        public let path: String
    }

    public let categories: [Category]
    public let images: [Image]
    /// In file order; tags after the boxes and polygons of the same image.
    public let annotations: [Annotation]

    /// Parses the file's bytes, or throws the first problem found.
    public static func parse(_ data: [UInt8]) throws -> COCODocument {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: Data(data))
        } catch {
            throw COCOFormatError(path: "$", message: "The file is not valid JSON.")
        }
        let reader = Reader()
        return try reader.document(root)
    }
}

/// Walks the parsed JSON; category ids are shapes' label ids until the store maps them.
private struct Reader {
    func object(_ value: Any?, _ path: String) throws -> [String: Any] {
        guard let object = value as? [String: Any] else { throw COCOFormatError(path: path, message: "Expected an object.") }
        return object
    }

    func array(_ value: Any?, _ path: String) throws -> [Any] {
        guard let array = value as? [Any] else {
            throw COCOFormatError(path: path, message: value == nil ? "Missing; expected an array." : "Expected an array.")
        }
        return array
    }

    func integer(_ value: Any?, _ path: String) throws -> Int {
        guard let number = value as? NSNumber,
              let int = Int(exactly: number.doubleValue) else {
            throw COCOFormatError(path: path, message: value == nil ? "Missing; expected a whole number." : "Expected a whole number.")
        }
        return int
    }

    func number(_ value: Any?, _ path: String) throws -> Double {
        guard let number = value as? NSNumber, number.doubleValue.isFinite else {
            throw COCOFormatError(path: path, message: "Expected a number.")
        }
        return number.doubleValue
    }

    func string(_ value: Any?, _ path: String) throws -> String {
        guard let string = value as? String, !string.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw COCOFormatError(path: path, message: value == nil ? "Missing; expected a non-empty string." : "Expected a non-empty string.")
        }
        return string
    }

    func document(_ root: Any) throws -> COCODocument {
        let top = try object(root, "$")
        var categories: [COCODocument.Category] = []
        var categoryIDs = Set<Int>(), names = Set<String>()
        for (index, value) in try array(top["categories"], "categories").enumerated() {
            let path = "categories[\(index)]"
            let category = try object(value, path)
            let id = try integer(category["id"], "\(path).id")
            let name = try string(category["name"], "\(path).name")
            guard categoryIDs.insert(id).inserted else { throw COCOFormatError(path: "\(path).id", message: "Category id \(id) appears twice.") }
            guard names.insert(name.lowercased()).inserted else {
                throw COCOFormatError(path: "\(path).name", message: "Category name '\(name)' appears twice.")
            }
            categories.append(.init(id: id, name: name))
        }
        var images: [COCODocument.Image] = []
        var imageIDs = Set<Int>(), fileNames = Set<String>()
        var tags: [COCODocument.Annotation] = []
        for (index, value) in try array(top["images"], "images").enumerated() {
            let path = "images[\(index)]"
            let image = try object(value, path)
            let id = try integer(image["id"], "\(path).id")
            let fileName = try string(image["file_name"], "\(path).file_name")
            guard imageIDs.insert(id).inserted else { throw COCOFormatError(path: "\(path).id", message: "Image id \(id) appears twice.") }
            guard fileNames.insert(fileName).inserted else {
                throw COCOFormatError(path: "\(path).file_name", message: "Two images are called '\(fileName)'.")
            }
            let width = try image["width"].map { try integer($0, "\(path).width") }
            let height = try image["height"].map { try integer($0, "\(path).height") }
            images.append(.init(id: id, fileName: fileName, width: width, height: height, path: path))
            if let rawTags = image["tags"] {
                for (tagIndex, tag) in try array(rawTags, "\(path).tags").enumerated() {
                    let tagPath = "\(path).tags[\(tagIndex)]"
                    let category = try integer(tag, tagPath)
                    guard categoryIDs.contains(category) else {
                        throw COCOFormatError(path: tagPath, message: "No category has id \(category).")
                    }
                    tags.append(.init(imageID: id, shape: .tag(labelID: Int64(category)), path: tagPath))
                }
            }
        }
        var annotations: [COCODocument.Annotation] = []
        for (index, value) in try array(top["annotations"] ?? [Any](), "annotations").enumerated() {
            let path = "annotations[\(index)]"
            let annotation = try object(value, path)
            let imageID = try integer(annotation["image_id"], "\(path).image_id")
            guard imageIDs.contains(imageID) else { throw COCOFormatError(path: "\(path).image_id", message: "No image has id \(imageID).") }
            let category = try integer(annotation["category_id"], "\(path).category_id")
            guard categoryIDs.contains(category) else {
                throw COCOFormatError(path: "\(path).category_id", message: "No category has id \(category).")
            }
            if let crowd = annotation["iscrowd"], try integer(crowd, "\(path).iscrowd") != 0 {
                throw COCOFormatError(path: "\(path).iscrowd", message: "Crowd (RLE) annotations are not supported; Loupe imports boxes and polygons.")
            }
            for shape in try shapes(annotation, label: Int64(category), path) {
                annotations.append(.init(imageID: imageID, shape: shape, path: path))
            }
        }
        return COCODocument(categories: categories, images: images, annotations: annotations + tags)
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
                let numbers = try array(part, partPath).enumerated().map { try number($1, "\(partPath)[\($0)]") }
                guard numbers.count >= 6, numbers.count % 2 == 0 else {
                    throw COCOFormatError(path: partPath, message: "A polygon is [x1, y1, x2, y2, …] with at least 3 points.")
                }
                return numbers
            }
        default:
            throw COCOFormatError(path: "\(path).segmentation", message: "RLE masks are not supported; use polygons.")
        }
        if parts.count == 1, let box = COCOAnnotation.boxCorners(parts[0]) {
            return [.box(labelID: label, x: box.x, y: box.y, width: box.width, height: box.height)]
        }
        if !parts.isEmpty {
            return parts.map { flat in
                .polygon(labelID: label, points: stride(from: 0, to: flat.count, by: 2).map { Point(x: flat[$0], y: flat[$0 + 1]) })
            }
        }
        let bbox = try array(annotation["bbox"], "\(path).bbox")
        guard bbox.count == 4 else { throw COCOFormatError(path: "\(path).bbox", message: "A bbox is [x, y, width, height].") }
        let values = try bbox.enumerated().map { try number($1, "\(path).bbox[\($0)]") }
        return [.box(labelID: label, x: values[0], y: values[1], width: values[2], height: values[3])]
    }
}
