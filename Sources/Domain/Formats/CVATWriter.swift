// CVAT for images 1.1: one `annotations.xml` (labels in `meta`, then an `<image>` per image with
// its boxes, polygons and tags) and the files under `images/`. The XML is streamed as it is made.
// The meta is a project's, as CVAT writes a project with subsets: a task per split, each naming
// its `<subset>`, which is how Datumaro finds the images' `subset` attributes. A label's attributes
// are in its meta and on each of its shapes; a boolean named `occluded` is CVAT's own `occluded` flag.

public final class CVATWriter: DatasetWriter {
    private var nameOf: [Int64: String] = [:]
    private var schemaOf: [Int64: [AttributeSpec]] = [:]
    private var nextID = 0
    private var xml: [UInt8] = []
    private let projectName: String
    private let splits: [DatasetSplit]

    public init(projectName: String, splits: [DatasetSplit] = DatasetSplit.allCases) {
        self.projectName = projectName
        self.splits = splits
    }

    public var writesOneFile: Bool { true }

    public func imagePath(for item: DatasetItem) -> String { "images/\(item.fileName)" }

    public func begin(labels: [DatasetLabel], into archive: any DatasetArchive) throws {
        for label in labels {
            nameOf[label.id] = label.name
            if !label.attributes.isEmpty { schemaOf[label.id] = label.attributes }
        }
        try archive.begin("annotations.xml")
        text("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<annotations>\n  <version>1.1</version>\n  <meta>\n    <project>\n      <name>")
        XMLText.append(projectName, to: &xml)
        text("</name>\n      <tasks>\n")
        for split in splits {
            text("        <task><name>\(split.rawValue)</name><mode>annotation</mode><subset>\(split.rawValue)</subset></task>\n")
        }
        text("      </tasks>\n      <labels>\n")
        for label in labels {
            text("        <label><name>"); XMLText.append(label.name, to: &xml)
            text("</name><color>\(label.color)</color><type>any</type><attributes>")
            for spec in label.attributes where !Self.isOccludedFlag(spec) { meta(spec) }
            text("</attributes></label>\n")
        }
        text("      </labels>\n    </project>\n    <dumped>Loupe</dumped>\n  </meta>\n")
        try archive.write(draining: &xml)
    }

    public func add(_ item: DatasetItem, into archive: any DatasetArchive) throws {
        text("  <image id=\"\(nextID)\" name=\""); XMLText.append(item.fileName, to: &xml)
        text("\" subset=\"\(item.split.rawValue)\" width=\"\(item.width)\" height=\"\(item.height)\">\n")
        nextID += 1
        for shape in item.shapes {
            guard let name = nameOf[shape.labelID], let annotation = COCOAnnotation(shape, width: item.width, height: item.height) else { continue }
            let values = schemaOf[shape.labelID]?.completed(shape.attributes) ?? []
            let occluded = values.contains { $0.name == "occluded" && $0.value == .bool(true) } ? "1" : "0"
            switch shape {
            case .box:
                let box = annotation.bbox
                text("    <box label=\""); XMLText.append(name, to: &xml)
                text("\" source=\"manual\" occluded=\"\(occluded)\" xtl=\""); JSONText.appendNumber(box.x, to: &xml)
                text("\" ytl=\""); JSONText.appendNumber(box.y, to: &xml)
                text("\" xbr=\""); JSONText.appendNumber(box.x + box.width, to: &xml)
                text("\" ybr=\""); JSONText.appendNumber(box.y + box.height, to: &xml)
                text("\" z_order=\"0\">"); attributes(values); text("</box>\n")
            default:
                text("    <polygon label=\""); XMLText.append(name, to: &xml)
                text("\" source=\"manual\" occluded=\"\(occluded)\" points=\"")
                for (index, value) in annotation.segmentation.enumerated() {
                    if index > 0 { xml.append(UInt8(ascii: index % 2 == 0 ? ";" : ",")) }
                    JSONText.appendNumber(value, to: &xml)
                }
                text("\" z_order=\"0\">"); attributes(values); text("</polygon>\n")
            }
        }
        for tag in item.tags {
            guard let name = nameOf[tag] else { continue }
            text("    <tag label=\""); XMLText.append(name, to: &xml); text("\" source=\"manual\"></tag>\n")
        }
        text("  </image>\n")
        if xml.count >= 1 << 16 { try archive.write(draining: &xml) }
    }

    public func finish(into archive: any DatasetArchive) throws {
        text("</annotations>\n")
        try archive.write(draining: &xml)
        try archive.end()
    }

    private func text(_ string: String) { xml.append(contentsOf: string.utf8) }

    /// CVAT keeps `occluded` as a flag on the shape, not as an attribute.
    private static func isOccludedFlag(_ spec: AttributeSpec) -> Bool { spec.name == "occluded" && spec.kind == .boolean }

    /// An attribute in the labels' meta. A number without both bounds is text to CVAT, whose numbers need a range.
    private func meta(_ spec: AttributeSpec) {
        let (inputType, values): (String, [String]) = switch spec.kind {
        case .boolean: ("checkbox", [spec.defaultValue.text])
        case .choice: ("select", spec.options ?? [])
        case .number: if let min = spec.min, let max = spec.max {
            ("number", [AttributeValue.number(min).text, AttributeValue.number(max).text, "1"])
        } else { ("text", []) }
        case .text: ("text", [])
        }
        text("<attribute><name>"); XMLText.append(spec.name, to: &xml)
        text("</name><mutable>False</mutable><input_type>\(inputType)</input_type><default_value>")
        XMLText.append(spec.defaultValue.text, to: &xml)
        text("</default_value><values>"); XMLText.append(values.joined(separator: "\n"), to: &xml)
        text("</values></attribute>")
    }

    /// A shape's attribute values as CVAT's child elements.
    private func attributes(_ values: [(name: String, value: AttributeValue)]) {
        for (name, value) in values where !(name == "occluded" && value.isBool) {
            text("<attribute name=\""); XMLText.append(name, to: &xml); text("\">")
            XMLText.append(value.text, to: &xml)
            text("</attribute>")
        }
    }

}
