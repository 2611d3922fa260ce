// Pascal VOC: `JPEGImages/<file>`, `Annotations/<stem>.xml` with each shape as an object and its
// bounding box (VOC has no polygons outside segmentation masks), `ImageSets/Main/<split>.txt`, one
// `ImageSets/Main/<label>_<split>.txt` per label when the project tags images (1 tagged, -1 not),
// and `labelmap.txt`, which Datumaro and CVAT read for classes outside VOC's twenty.
// Coordinates are pixels as Loupe holds them (xmin = x, xmax = x + w), with up to two decimals.
// Boolean attributes named `truncated`, `difficult` or `occluded` fill VOC's own fields; a label's
// other attributes go in an `<attributes>` element, as CVAT's and Datumaro's VOC write them.

public final class VOCWriter: DatasetWriter {
    private var labels: [DatasetLabel] = []
    private var nameOf: [Int64: String] = [:]
    private var schemaOf: [Int64: [AttributeSpec]] = [:]
    /// Per split, each image's stem and its tags, for the image-set files written at the end.
    private var members: [DatasetSplit: [(stem: String, tags: [Int64])]] = [:]
    private var anyTags = false
    private var xml: [UInt8] = []

    public init() {}

    public func begin(labels: [DatasetLabel], into archive: any DatasetArchive) throws {
        self.labels = labels
        for label in labels {
            nameOf[label.id] = label.name
            if !label.attributes.isEmpty { schemaOf[label.id] = label.attributes }
        }
        var map = "# label:color_rgb:parts:actions\nbackground:0,0,0::\n"
        for label in labels { map += "\(label.name.filter { $0 != ":" && $0 != "\n" }):\(Self.rgb(label.color))::\n" }
        try archive.add("labelmap.txt", Array(map.utf8), compress: true)
    }

    public var writesOneFile: Bool { false }

    public func imagePath(for item: DatasetItem) -> String { "JPEGImages/\(item.fileName)" }

    public func add(_ item: DatasetItem, into archive: any DatasetArchive) throws {
        xml.removeAll(keepingCapacity: true)
        text("<annotation>\n  <folder>JPEGImages</folder>\n  <filename>"); XMLText.append(item.fileName, to: &xml)
        text("</filename>\n  <source><database>Loupe</database></source>\n  <size><width>\(item.width)</width><height>\(item.height)</height><depth>3</depth></size>\n")
        text("  <segmented>0</segmented>\n")
        for shape in item.shapes {
            guard let name = nameOf[shape.labelID], let box = COCOAnnotation(shape, width: item.width, height: item.height)?.bbox else { continue }
            let values = schemaOf[shape.labelID]?.completed(shape.attributes) ?? []
            func flag(_ field: String) -> String { values.contains { $0.name == field && $0.value == .bool(true) } ? "1" : "0" }
            text("  <object>\n    <name>"); XMLText.append(name, to: &xml)
            text("</name>\n    <pose>Unspecified</pose>\n    <truncated>\(flag("truncated"))</truncated>\n    <difficult>\(flag("difficult"))</difficult>\n")
            text("    <occluded>\(flag("occluded"))</occluded>\n    <bndbox><xmin>")
            JSONText.appendNumber(box.x, to: &xml); text("</xmin><ymin>")
            JSONText.appendNumber(box.y, to: &xml); text("</ymin><xmax>")
            JSONText.appendNumber(box.x + box.width, to: &xml); text("</xmax><ymax>")
            JSONText.appendNumber(box.y + box.height, to: &xml); text("</ymax></bndbox>\n")
            let others = values.filter { !(Self.vocFlags.contains($0.name) && $0.value.isBool) }
            if !others.isEmpty {
                text("    <attributes>\n")
                for (name, value) in others {
                    text("      <attribute><name>"); XMLText.append(name, to: &xml)
                    text("</name><value>"); XMLText.append(value.text, to: &xml); text("</value></attribute>\n")
                }
                text("    </attributes>\n")
            }
            text("  </object>\n")
        }
        text("</annotation>\n")
        try archive.add("Annotations/\(item.stem).xml", xml, compress: true)
        members[item.split, default: []].append((item.stem, item.tags))
        anyTags = anyTags || !item.tags.isEmpty
    }

    public func finish(into archive: any DatasetArchive) throws {
        for split in DatasetSplit.allCases {
            guard let images = members[split] else { continue }
            try archive.add("ImageSets/Main/\(split.rawValue).txt", Array(images.map { $0.stem + "\n" }.joined().utf8), compress: true)
            guard anyTags else { continue }
            for label in labels where !label.name.contains("/") {
                let lines = images.map { "\($0.stem) \($0.tags.contains(label.id) ? " 1" : "-1")\n" }.joined()
                try archive.add("ImageSets/Main/\(label.name)_\(split.rawValue).txt", Array(lines.utf8), compress: true)
            }
        }
    }

    private func text(_ string: String) { xml.append(contentsOf: string.utf8) }

    /// VOC's own yes/no fields of an object.
    private static let vocFlags: Set<String> = ["truncated", "difficult", "occluded"]

    /// `#e5484d` → `229,72,77`.
    static func rgb(_ hex: String) -> String {
        let digits = hex.hasPrefix("#") ? String(hex.dropFirst()) : hex
        guard digits.count == 6, let value = Int(digits, radix: 16) else { return "0,0,0" }
        return "\(value >> 16),\(value >> 8 & 0xFF),\(value & 0xFF)"
    }
}
