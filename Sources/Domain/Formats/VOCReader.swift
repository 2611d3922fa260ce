// Reads Pascal VOC: every `.xml` whose root is `<annotation>` describes one image (`filename`,
// `size`, an `<object>` per box); the image is `JPEGImages/<filename>` or a file of that name
// elsewhere in the upload. `ImageSets/Main/<label>_<split>.txt` lines marked 1 become tags.
// Coordinates are read as written (xmin = x, xmax = x + w), as Loupe, Datumaro and CVAT write them.

public enum VOCReader {
    public static func read(_ files: some DatasetFiles) throws -> DatasetDocument {
        let names = files.names.filter { !DatasetPath.isJunk($0) }
        let uploaded = UploadedImages(names)
        var builder = DatasetDocumentBuilder()
        var imageByStem: [String: Int] = [:]
        for name in names.sorted() where DatasetPath.fileExtension(name) == "xml" {
            let root: XMLNode
            do {
                root = try XMLNode.parse(try files.data(name))
            } catch let fault as XMLFault {
                throw DatasetFormatError(path: "\(name):\(fault.line)", message: fault.message)
            }
            guard root.name == "annotation" else { continue }
            let fileName = root.value("filename").flatMap { $0.isEmpty ? nil : $0 } ?? DatasetPath.stem(name) + ".jpg"
            let size = root.child("size")
            let width = try size.map { try integer($0.value("width"), at: "\(name):\($0.line)", field: "width") }
            let height = try size.map { try integer($0.value("height"), at: "\(name):\($0.line)", field: "height") }
            let imageID = try builder.image(DatasetPath.baseName(fileName), width: width, height: height, path: name,
                                            archivePath: try uploaded.file(named: fileName, at: name))
            imageByStem[DatasetPath.stem(name).lowercased()] = imageID
            imageByStem[DatasetPath.stem(fileName).lowercased()] = imageID
            for object in root.all("object") {
                let at = "\(name):\(object.line)"
                guard let label = object.value("name"), !label.isEmpty else { throw DatasetFormatError(path: at, message: "The object has no <name>.") }
                guard let box = object.child("bndbox") else {
                    builder.skip(at, "An object without a <bndbox> (a mask or a point) is not imported.")
                    continue
                }
                let values = try ["xmin", "ymin", "xmax", "ymax"].map { field -> Double in
                    guard let raw = box.value(field), let value = Double(raw), value.isFinite else {
                        throw DatasetFormatError(path: "\(name):\(box.line)", message: "<\(field)> is missing or not a number.")
                    }
                    return value
                }
                guard values[2] > values[0], values[3] > values[1] else {
                    throw DatasetFormatError(path: "\(name):\(box.line)", message: "xmax must exceed xmin and ymax ymin.")
                }
                builder.shape(.box(labelID: Int64(builder.category(label)), x: values[0], y: values[1], width: values[2] - values[0], height: values[3] - values[1]),
                              image: imageID, path: at)
            }
        }
        // Images no annotation describes hold nothing (Datumaro writes no XML for them).
        let described = Set(builder.document.images.compactMap(\.archivePath))
        for name in names.sorted() where DatasetPath.isImage(name) && DatasetPath.folder(name).lowercased().hasSuffix("jpegimages") && !described.contains(name) {
            _ = try builder.image(DatasetPath.baseName(name), width: nil, height: nil, path: name, archivePath: name)
        }
        guard !builder.document.images.isEmpty else {
            throw DatasetFormatError(path: "Annotations/", message: "No VOC annotation (.xml with <annotation>) was found.")
        }
        // Tags: ImageSets/Main/<label>_<split>.txt, "stem 1" for each tagged image.
        for name in names.sorted() where name.lowercased().hasPrefix("imagesets/main/") && DatasetPath.fileExtension(name) == "txt" {
            let stem = DatasetPath.stem(name)
            guard let underscore = stem.lastIndex(of: "_"), underscore != stem.startIndex else { continue }
            let label = String(stem[..<underscore])
            let text = String(decoding: try files.data(name), as: UTF8.self)
            for (index, line) in text.split(separator: "\n").enumerated() {
                let fields = line.split(whereSeparator: \.isWhitespace)
                guard fields.count == 2, fields[1] == "1" else { continue }
                guard let imageID = imageByStem[fields[0].lowercased()] else {
                    throw DatasetFormatError(path: "\(name):\(index + 1)", message: "No annotation describes '\(fields[0])'.")
                }
                builder.shape(.tag(labelID: Int64(builder.category(label))), image: imageID, path: "\(name):\(index + 1)")
            }
        }
        return builder.document
    }

    private static func integer(_ raw: String?, at: String, field: String) throws -> Int {
        guard let raw, let value = Double(raw), value.isFinite, value > 0, value == value.rounded() else {
            throw DatasetFormatError(path: at, message: "<\(field)> is missing or not a whole number of pixels.")
        }
        return Int(value)
    }
}
