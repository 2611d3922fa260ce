// An archive in memory that writers fill and readers read: a round trip without a zip.
import Domain

final class MemoryArchive: DatasetArchive, DatasetFiles {
    private(set) var files: [String: [UInt8]] = [:]
    private(set) var order: [String] = []
    private var open: String?

    func add(_ name: String, _ bytes: [UInt8], compress: Bool) throws {
        precondition(files[name] == nil && open == nil)
        files[name] = bytes
        order.append(name)
    }

    func begin(_ name: String) throws {
        try add(name, [], compress: true)
        open = name
    }

    func write(_ bytes: [UInt8]) throws { files[open!]! += bytes }
    func end() throws { open = nil }

    var names: [String] { order }
    func data(_ name: String) throws -> [UInt8] { files[name]! }
    func text(_ name: String) -> String { String(decoding: files[name] ?? [], as: UTF8.self) }

    /// Writes `items` with `writer`, as an export does (images after the annotations for one-file formats).
    static func written(by writer: any DatasetWriter, labels: [DatasetLabel], items: [DatasetItem], image: [UInt8]? = nil) throws -> MemoryArchive {
        let archive = MemoryArchive()
        try writer.begin(labels: labels, into: archive)
        for item in items {
            try writer.add(item, into: archive)
            if let image, !writer.writesOneFile { try archive.add(writer.imagePath(for: item), image, compress: false) }
        }
        try writer.finish(into: archive)
        if let image, writer.writesOneFile { for item in items { try archive.add(writer.imagePath(for: item), image, compress: false) } }
        return archive
    }
}

/// A small project: two labels, an image with a box, a polygon and a tag, and an empty one.
enum FormatFixture {
    static let labels = [DatasetLabel(id: 7, name: "robin", color: "#e5484d"), DatasetLabel(id: 9, name: "wren & co", color: "#3e63dd")]
    static let items = [
        DatasetItem(imageID: 1, fileName: "a.jpg", width: 200, height: 100, split: .train,
                    shapes: [.box(labelID: 7, x: 10, y: 20, width: 50, height: 30),
                             .polygon(labelID: 9, points: [Point(x: 100, y: 10), Point(x: 150, y: 10), Point(x: 120, y: 60)])],
                    tags: [9]),
        DatasetItem(imageID: 2, fileName: "b.png", width: 64, height: 48, split: .val, shapes: [], tags: []),
    ]

    /// Category names per shape of each image, in pixels, as a reader's document holds them.
    static func shapes(_ document: DatasetDocument, sizes: [String: (Int, Int)] = ["a.jpg": (200, 100), "b.png": (64, 48)]) -> [String: [String]] {
        var out: [String: [String]] = [:]
        let names = Dictionary(uniqueKeysWithValues: document.categories.map { (Int64($0.id), $0.name) })
        for image in document.images { out[image.fileName] = [] }
        for annotation in document.annotations {
            let image = document.images.first { $0.id == annotation.imageID }!
            let (w, h) = annotation.relative ? (Double(sizes[image.fileName]!.0), Double(sizes[image.fileName]!.1)) : (1, 1)
            let name = names[annotation.shape.labelID]!
            let text: String
            switch annotation.shape {
            case .box(_, let x, let y, let bw, let bh, _): text = "box \(name) " + [x * w, y * h, bw * w, bh * h].map(rounded).joined(separator: " ")
            case .polygon(_, let points, _): text = "polygon \(name) " + points.map { "\(rounded($0.x * w)),\(rounded($0.y * h))" }.joined(separator: " ")
            case .tag: text = "tag \(name)"
            }
            out[image.fileName, default: []].append(text)
        }
        return out
    }

    static func rounded(_ value: Double) -> String {
        let hundredths = (value * 100).rounded() / 100
        return hundredths == hundredths.rounded() ? String(Int(hundredths)) : String(hundredths)
    }
}
