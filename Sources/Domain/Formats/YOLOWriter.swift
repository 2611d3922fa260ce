// Ultralytics' YOLO layout: `images/<split>/<file>`, `labels/<split>/<stem>.txt` with one line per
// shape (class index, then the box's centre and size, or the polygon's points, as fractions of the
// image), and `data.yaml` naming the splits and classes. Tags have no place in it and are left out.
import Foundation

public final class YOLOWriter: DatasetWriter {
    public enum Task: String, Sendable, CaseIterable {
        /// `class cx cy w h`; a polygon is written as its bounding box.
        case detect
        /// `class x1 y1 x2 y2 …`; a box is written as its four corners.
        case segment
    }

    private let task: Task
    private let splits: [DatasetSplit]
    private var classOf: [Int64: Int] = [:]
    private var line: [UInt8] = []

    public init(task: Task, splits: [DatasetSplit]) {
        self.task = task
        self.splits = splits
    }

    public func begin(labels: [DatasetLabel], into archive: any DatasetArchive) throws {
        for (index, label) in labels.enumerated() { classOf[label.id] = index }
        // Ultralytics wants both keys; with one split exported, validation reads the same folder.
        let train = splits.contains(.train) ? "images/train" : "images/val"
        let val = splits.contains(.val) ? "images/val" : "images/train"
        var yaml = "# Exported by Loupe (\(task.rawValue)). Train with: yolo \(task.rawValue) train data=data.yaml\n"
        yaml += "path: .\ntrain: \(train)\nval: \(val)\nnc: \(labels.count)\nnames:\n"
        for (index, label) in labels.enumerated() { yaml += "  \(index): \(Self.yamlQuoted(label.name))\n" }
        try archive.add("data.yaml", Array(yaml.utf8), compress: true)
    }

    public var writesOneFile: Bool { false }

    public func imagePath(for item: DatasetItem) -> String { "images/\(item.split.rawValue)/\(item.fileName)" }

    public func add(_ item: DatasetItem, into archive: any DatasetArchive) throws {
        let folder = item.split.rawValue
        line.removeAll(keepingCapacity: true)
        let (w, h) = (Double(item.width), Double(item.height))
        for shape in item.shapes {
            guard let index = classOf[shape.labelID], let annotation = COCOAnnotation(shape, width: item.width, height: item.height) else { continue }
            JSONText.appendInteger(index, to: &line)
            switch task {
            case .detect:
                let box = annotation.bbox
                for value in [(box.x + box.width / 2) / w, (box.y + box.height / 2) / h, box.width / w, box.height / h] {
                    line.append(UInt8(ascii: " "))
                    JSONText.appendNumber(value, decimals: 6, to: &line)
                }
            case .segment:
                for (offset, value) in annotation.segmentation.enumerated() {
                    line.append(UInt8(ascii: " "))
                    JSONText.appendNumber(value / (offset % 2 == 0 ? w : h), decimals: 6, to: &line)
                }
            }
            line.append(UInt8(ascii: "\n"))
        }
        // An empty file says "nothing here" (a background image), which a missing one would not.
        try archive.add("labels/\(folder)/\(item.stem).txt", line, compress: true)
    }

    public func finish(into archive: any DatasetArchive) throws {}

    /// A YAML single-quoted scalar: only `'` needs escaping, as `''`.
    static func yamlQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''").filter { $0 != "\n" && $0 != "\r" } + "'"
    }
}
