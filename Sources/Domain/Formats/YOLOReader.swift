// Reads Ultralytics' YOLO layout (and Darknet's, which CVAT calls YOLO 1.1): class names from
// `data.yaml` (or `classes.txt` / `obj.names`), one `.txt` per image under `labels/` (or beside
// the image) with `class cx cy w h` for a box or `class x1 y1 x2 y2 …` for a polygon, all as
// fractions of the image. The image is the file with the same stem under `images/`, or beside it;
// without one in the upload, the project's image with that stem.
import Foundation

public enum YOLOReader {
    public static func read(_ files: some DatasetFiles) throws -> DatasetDocument {
        let names = files.names.filter { !DatasetPath.isJunk($0) }
        let classes = try classNames(files, names)
        var builder = DatasetDocumentBuilder()
        let categoryOf = classes.map { builder.category($0) }
        // Images by folder and stem, so labels/train/a.txt finds images/train/a.jpg.
        var imageAt: [String: String] = [:]
        for name in names where DatasetPath.isImage(name) {
            imageAt[key(DatasetPath.folder(name), DatasetPath.stem(name))] = name
        }
        let listFiles: Set<String> = ["classes.txt", "obj.names", "train.txt", "val.txt", "test.txt", "valid.txt"]
        var labelled = Set<String>()
        for name in names.sorted() where DatasetPath.fileExtension(name) == "txt" && !listFiles.contains(name.lowercased()) {
            let folder = DatasetPath.folder(name), stem = DatasetPath.stem(name)
            let imagesFolder = imageFolder(for: folder)
            let image = imageAt[key(imagesFolder, stem)] ?? imageAt[key(folder, stem)]
            guard image != nil || isLabelFolder(folder) else { continue }  // a text file that is not a label file
            let imageID: Int
            if let image {
                labelled.insert(image)
                imageID = try builder.image(DatasetPath.baseName(image), width: nil, height: nil, path: name, archivePath: image)
            } else {
                imageID = try builder.image(stem, width: nil, height: nil, path: name, matchesStem: true)
            }
            try readLabels(try files.data(name), path: name, classes: categoryOf, image: imageID, into: &builder)
        }
        // Images without a label file hold nothing (Ultralytics' background images).
        for name in names.sorted() where DatasetPath.isImage(name) && !labelled.contains(name) {
            _ = try builder.image(DatasetPath.baseName(name), width: nil, height: nil, path: name, archivePath: name)
        }
        guard !builder.document.images.isEmpty else {
            throw DatasetFormatError(path: "labels/", message: "No label files (labels/…/*.txt) and no images were found.")
        }
        return builder.document
    }

    private static func key(_ folder: String, _ stem: String) -> String { folder.lowercased() + "/" + stem.lowercased() }

    private static func isLabelFolder(_ folder: String) -> Bool {
        folder.split(separator: "/").contains { $0.lowercased() == "labels" }
    }

    /// `labels/train` → `images/train` (the last `labels` part becomes `images`).
    private static func imageFolder(for folder: String) -> String {
        var parts = folder.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if let index = parts.lastIndex(where: { $0.lowercased() == "labels" }) { parts[index] = "images" }
        return parts.joined(separator: "/")
    }

    /// One line per shape; blank lines are allowed, anything else unreadable is a fault at its line.
    /// Read as bytes, not Characters: a large import has a million of these lines.
    private static func readLabels(_ bytes: [UInt8], path: String, classes: [Int], image: Int, into builder: inout DatasetDocumentBuilder) throws {
        var numbers: [Double] = []
        for (index, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            let fields = line.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D })
            guard let first = fields.first else { continue }
            let at = "\(path):\(index + 1)"
            let classText = String(decoding: first, as: UTF8.self)
            guard let classIndex = Int(classText) else { throw DatasetFormatError(path: at, message: "'\(classText)' is not a class number.") }
            guard classes.indices.contains(classIndex) else {
                throw DatasetFormatError(path: at, message: "Class \(classIndex), but the names list \(classes.count) classes (0–\(classes.count - 1)).")
            }
            numbers.removeAll(keepingCapacity: true)
            for field in fields.dropFirst() {
                let text = String(decoding: field, as: UTF8.self)
                guard let value = Double(text), value.isFinite else { throw DatasetFormatError(path: at, message: "'\(text)' is not a number.") }
                guard value >= -0.01, value <= 1.01 else {
                    throw DatasetFormatError(path: at, message: "\(text) is outside 0–1: YOLO coordinates are fractions of the image's size.")
                }
                numbers.append(value)
            }
            let label = Int64(classes[classIndex])
            if numbers.count == 4 {
                let (cx, cy, w, h) = (numbers[0], numbers[1], numbers[2], numbers[3])
                builder.shape(.box(labelID: label, x: cx - w / 2, y: cy - h / 2, width: w, height: h), image: image, path: at, relative: true)
            } else if numbers.count >= 6, numbers.count % 2 == 0 {
                let points = stride(from: 0, to: numbers.count, by: 2).map { Point(x: numbers[$0], y: numbers[$0 + 1]) }
                builder.shape(.polygon(labelID: label, points: points), image: image, path: at, relative: true)
            } else {
                throw DatasetFormatError(path: at, message: """
                    \(numbers.count) numbers after the class: a box has 4 (cx cy w h), a polygon an even number, at least 6.
                    """)
            }
        }
    }

    // MARK: - Class names

    static func classNames(_ files: some DatasetFiles, _ names: [String]) throws -> [String] {
        let yamls = names.filter { ["yaml", "yml"].contains(DatasetPath.fileExtension($0)) }
            .sorted { ($0.split(separator: "/").count, $0) < ($1.split(separator: "/").count, $1) }
        if let yaml = yamls.first {
            return try yamlNames(String(decoding: try files.data(yaml), as: UTF8.self), path: yaml)
        }
        if let list = names.first(where: { ["classes.txt", "obj.names"].contains(DatasetPath.baseName($0).lowercased()) }) {
            let lines = String(decoding: try files.data(list), as: UTF8.self).split(whereSeparator: \.isNewline)
            let classes = lines.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !classes.isEmpty else { throw DatasetFormatError(path: list, message: "The file names no classes.") }
            return classes
        }
        throw DatasetFormatError(path: "data.yaml", message: "No data.yaml (or classes.txt) names the classes.")
    }

    /// The `names:` of a data.yaml: a map (`0: cat`), a block list (`- cat`) or a flow list (`[cat, dog]`).
    static func yamlNames(_ yaml: String, path: String) throws -> [String] {
        let lines = yaml.split(whereSeparator: \.isNewline).map(String.init)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("names:") }) else {
            throw DatasetFormatError(path: path, message: "It has no names: list of classes.")
        }
        let inline = lines[start].dropFirst("names:".count).trimmingCharacters(in: .whitespaces)
        if !inline.isEmpty, !inline.hasPrefix("#") {
            guard inline.hasPrefix("["), inline.hasSuffix("]") else {
                throw DatasetFormatError(path: "\(path):\(start + 1)", message: "names: is a list ([a, b]) or a map (0: a) on the lines below.")
            }
            return try splitFlow(String(inline.dropFirst().dropLast()), at: "\(path):\(start + 1)").map { try unquote($0, at: "\(path):\(start + 1)") }
        }
        var byIndex: [Int: String] = [:]
        var listed: [String] = []
        for (offset, line) in lines[(start + 1)...].enumerated() {
            guard line.first == " " || line.first == "\t" || line.first == "-" else { break }
            let item = line.trimmingCharacters(in: .whitespaces)
            guard !item.isEmpty, !item.hasPrefix("#") else { continue }
            let at = "\(path):\(start + offset + 2)"
            if item.hasPrefix("- ") || item == "-" {
                listed.append(try unquote(String(item.dropFirst()).trimmingCharacters(in: .whitespaces), at: at))
            } else if let colon = item.firstIndex(of: ":"), let index = Int(item[..<colon].trimmingCharacters(in: .whitespaces)) {
                byIndex[index] = try unquote(item[item.index(after: colon)...].trimmingCharacters(in: .whitespaces), at: at)
            } else {
                throw DatasetFormatError(path: at, message: "Expected `N: name` or `- name` under names:.")
            }
        }
        if !listed.isEmpty { return listed }
        guard !byIndex.isEmpty else { throw DatasetFormatError(path: path, message: "names: lists no classes.") }
        guard byIndex.keys.sorted() == Array(0..<byIndex.count) else {
            throw DatasetFormatError(path: path, message: "names: must number the classes 0, 1, 2, … without gaps.")
        }
        return (0..<byIndex.count).map { byIndex[$0]! }
    }

    private static func splitFlow(_ text: String, at: String) throws -> [String] {
        var parts: [String] = [], current = "", quote: Character?
        for character in text {
            if let open = quote {
                current.append(character)
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
                current.append(character)
            } else if character == "," {
                parts.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(character)
            }
        }
        guard quote == nil else { throw DatasetFormatError(path: at, message: "A quote is not closed.") }
        if !current.trimmingCharacters(in: .whitespaces).isEmpty { parts.append(current.trimmingCharacters(in: .whitespaces)) }
        return parts
    }

    private static func unquote(_ raw: String, at: String) throws -> String {
        var value = raw
        if let hash = value.range(of: " #"), !value.hasPrefix("'"), !value.hasPrefix("\"") { value = String(value[..<hash.lowerBound]) }
        value = value.trimmingCharacters(in: .whitespaces)
        if value.count >= 2, value.hasPrefix("'"), value.hasSuffix("'") {
            value = String(value.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
        } else if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
            value = String(value.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
        }
        guard !value.isEmpty else { throw DatasetFormatError(path: at, message: "A class has no name.") }
        return value
    }
}
