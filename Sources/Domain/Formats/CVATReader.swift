// Reads CVAT for images 1.1: `annotations.xml` (or every .xml sent: Datumaro writes one per subset,
// `train.xml`, `val.xml`), labels from `<meta>`, an
// `<image name width height>` per image with its `<box>`, `<polygon>` and `<tag>`. Points,
// polylines, ellipses, masks and cuboids are listed as skipped. The image is `images/<name>`, or
// a file of that name elsewhere in the upload. Streamed: memory grows with shapes, not the XML.
import Foundation

public enum CVATReader {
    public static func read(_ files: some DatasetFiles) throws -> DatasetDocument {
        let names = files.names.filter { !DatasetPath.isJunk($0) }
        let xmls = names.filter { DatasetPath.fileExtension($0) == "xml" }.sorted()
        guard !xmls.isEmpty else { throw DatasetFormatError(path: "annotations.xml", message: "No annotations.xml was found.") }
        let uploaded = UploadedImages(names)
        var builder = DatasetDocumentBuilder()
        for xml in xmls {
            var handler = Handler(file: xml, uploaded: uploaded, builder: builder)
            do {
                try XMLScanner.scan(try files.data(xml), into: &handler)
            } catch let fault as XMLFault {
                throw DatasetFormatError(path: "\(xml):\(fault.line)", message: fault.message)
            }
            builder = handler.builder
        }
        guard !builder.document.images.isEmpty else {
            throw DatasetFormatError(path: xmls[0], message: "The file describes no <image>.")
        }
        return builder.document
    }

    private struct Handler: XMLHandler {
        let file: String
        let uploaded: UploadedImages
        var builder: DatasetDocumentBuilder
        var stack: [String] = []
        var labelName: String?
        var image: (id: Int, width: Int, height: Int)?
        var text = ""

        init(file: String, uploaded: UploadedImages, builder: DatasetDocumentBuilder) {
            self.file = file
            self.uploaded = uploaded
            self.builder = builder
        }

        mutating func start(_ name: String, _ attributes: [String: String], line: Int) throws {
            let at = "\(file):\(line)"
            defer { stack.append(name); text = "" }
            if stack.isEmpty, name != "annotations" {
                throw DatasetFormatError(path: at, message: "The root is <\(name)>; CVAT for images has <annotations>.")
            }
            switch name {
            case "track":
                throw DatasetFormatError(path: at, message: "<track> is CVAT for video; export the task as CVAT for images 1.1.")
            case "image":
                guard let fileName = attributes["name"], !fileName.isEmpty else { throw DatasetFormatError(path: at, message: "<image> has no name.") }
                let width = try dimension(attributes["width"], "width", at), height = try dimension(attributes["height"], "height", at)
                let id = try builder.image(DatasetPath.baseName(fileName), width: width, height: height, path: at,
                                           archivePath: try uploaded.file(named: fileName, at: at))
                image = (id, width, height)
            case "box", "polygon", "tag":
                guard let image, stack.last == "image" else { throw DatasetFormatError(path: at, message: "<\(name)> outside an <image>.") }
                guard let label = attributes["label"], !label.isEmpty else { throw DatasetFormatError(path: at, message: "<\(name)> has no label.") }
                let category = Int64(builder.category(label))
                switch name {
                case "box":
                    let v = try ["xtl", "ytl", "xbr", "ybr"].map { try number(attributes[$0], $0, at) }
                    if let rotation = attributes["rotation"], let degrees = Double(rotation), degrees != 0 {
                        builder.skip(at, "A box rotated by \(rotation)° is not imported; Loupe's boxes are upright.")
                        return
                    }
                    guard v[2] > v[0], v[3] > v[1] else { throw DatasetFormatError(path: at, message: "xbr must exceed xtl and ybr ytl.") }
                    builder.shape(.box(labelID: category, x: v[0], y: v[1], width: v[2] - v[0], height: v[3] - v[1]), image: image.id, path: at)
                case "polygon":
                    builder.shape(.polygon(labelID: category, points: try points(attributes["points"], at)), image: image.id, path: at)
                default:
                    builder.shape(.tag(labelID: category), image: image.id, path: at)
                }
            case "points", "polyline", "ellipse", "mask", "cuboid", "skeleton":
                if stack.last == "image" { builder.skip(at, "CVAT's <\(name)> has no Loupe shape; not imported.") }
            default:
                break
            }
        }

        mutating func text(_ text: String) throws { self.text += text }

        mutating func end(_ name: String, line: Int) throws {
            stack.removeLast()
            if name == "name", stack.last == "label", stack.contains("labels") {
                labelName = text.trimmingCharacters(in: .whitespacesAndNewlines)
            } else if name == "label", stack.last == "labels", let labelName, !labelName.isEmpty {
                _ = builder.category(labelName)  // declared labels keep their order, used or not
                self.labelName = nil
            } else if name == "image" {
                image = nil
            }
        }

        private func dimension(_ raw: String?, _ field: String, _ at: String) throws -> Int {
            guard let raw, let value = Int(raw), value > 0 else { throw DatasetFormatError(path: at, message: "\(field) is missing or not a positive whole number.") }
            return value
        }

        private func number(_ raw: String?, _ field: String, _ at: String) throws -> Double {
            guard let raw, let value = Double(raw), value.isFinite else { throw DatasetFormatError(path: at, message: "\(field) is missing or not a number.") }
            return value
        }

        /// `x1,y1;x2,y2;…`
        private func points(_ raw: String?, _ at: String) throws -> [Point] {
            guard let raw else { throw DatasetFormatError(path: at, message: "The polygon has no points.") }
            let points = try raw.split(separator: ";").map { pair -> Point in
                let xy = pair.split(separator: ",")
                guard xy.count == 2, let x = Double(xy[0].trimmingCharacters(in: .whitespaces)), let y = Double(xy[1].trimmingCharacters(in: .whitespaces)),
                      x.isFinite, y.isFinite else {
                    throw DatasetFormatError(path: at, message: "points is x1,y1;x2,y2;…, not '\(raw.prefix(40))'.")
                }
                return Point(x: x, y: y)
            }
            guard points.count >= 3 else { throw DatasetFormatError(path: at, message: "A polygon needs at least 3 points.") }
            return points
        }
    }
}
