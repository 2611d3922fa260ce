// Label Studio's JSON: `tasks.json`, a list of tasks, each with its image and one annotation whose
// results are the shapes (`rectanglelabels`, `polygonlabels`, in percent of the image) and tags
// (`choices`); `label_config.xml`, the labelling config that reads them (paste it into a Label
// Studio project before importing); and the files under `images/`. A label's attributes are
// per-region controls (`attribute:<name>`: choices, number or textarea), one result each beside its
// shape's, with the shape's id and place, as Label Studio writes them.

public final class LabelStudioWriter: DatasetWriter {
    private var labels: [DatasetLabel] = []
    private var nameOf: [Int64: String] = [:]
    private var schemaOf: [Int64: [AttributeSpec]] = [:]
    /// Each attribute name's control kind, worked out once rather than per value written.
    private var controlKinds: [String: AttributeSpec.Kind] = [:]
    private var json: [UInt8] = []
    private var first = true

    public init() {}

    public var writesOneFile: Bool { true }

    public func imagePath(for item: DatasetItem) -> String { "images/\(item.fileName)" }

    public func begin(labels: [DatasetLabel], into archive: any DatasetArchive) throws {
        self.labels = labels
        for label in labels {
            nameOf[label.id] = label.name
            if !label.attributes.isEmpty { schemaOf[label.id] = label.attributes }
        }
        controlKinds = Self.controlKinds(labels)
        try archive.begin("tasks.json")
        json.append(UInt8(ascii: "["))
    }

    public func add(_ item: DatasetItem, into archive: any DatasetArchive) throws {
        if !first { json.append(UInt8(ascii: ",")) }
        first = false
        text("\n{\"id\":"); JSONText.appendInteger(item.imageID, to: &json)
        text(",\"data\":{\"image\":"); JSONText.appendString(imagePath(for: item), to: &json)
        text(",\"loupe_image_id\":"); JSONText.appendInteger(item.imageID, to: &json)
        text(",\"split\":\"\(item.split.rawValue)\"},\"annotations\":[{\"result\":[")
        let (w, h) = (Double(item.width), Double(item.height))
        var count = 0
        /// Opens a result; a shape's attributes reuse its id (`sameRegion`).
        func open(_ type: String, from: String, sameRegion: Bool = false) {
            if count > 0 { json.append(UInt8(ascii: ",")) }
            if !sameRegion { count += 1 }
            text("{\"id\":\"\(item.imageID)-\(count)\",\"type\":\"\(type)\",\"from_name\":"); JSONText.appendString(from, to: &json)
            text(",\"to_name\":\"image\",\"original_width\":\(item.width),\"original_height\":\(item.height),\"image_rotation\":0,\"value\":{")
        }
        var place: [UInt8] = []  // the region's geometry, repeated in each of its attribute results
        for shape in item.shapes {
            guard let name = nameOf[shape.labelID], let annotation = COCOAnnotation(shape, width: item.width, height: item.height) else { continue }
            switch shape {
            case .box:
                let box = annotation.bbox
                open("rectanglelabels", from: "label")
                let start = json.count
                text("\"x\":"); JSONText.appendNumber(box.x / w * 100, decimals: 6, to: &json)
                text(",\"y\":"); JSONText.appendNumber(box.y / h * 100, decimals: 6, to: &json)
                text(",\"width\":"); JSONText.appendNumber(box.width / w * 100, decimals: 6, to: &json)
                text(",\"height\":"); JSONText.appendNumber(box.height / h * 100, decimals: 6, to: &json)
                text(",\"rotation\":0")
                place = Array(json[start...])
                text(",\"rectanglelabels\":["); JSONText.appendString(name, to: &json); text("]}}")
            default:
                open("polygonlabels", from: "polygon")
                let start = json.count
                text("\"points\":[")
                let flat = annotation.segmentation
                for index in stride(from: 0, to: flat.count, by: 2) {
                    if index > 0 { json.append(UInt8(ascii: ",")) }
                    json.append(UInt8(ascii: "[")); JSONText.appendNumber(flat[index] / w * 100, decimals: 6, to: &json)
                    json.append(UInt8(ascii: ",")); JSONText.appendNumber(flat[index + 1] / h * 100, decimals: 6, to: &json)
                    json.append(UInt8(ascii: "]"))
                }
                text("],\"closed\":true")
                place = Array(json[start...])
                text(",\"polygonlabels\":["); JSONText.appendString(name, to: &json); text("]}}")
            }
            for (attribute, value) in schemaOf[shape.labelID]?.completed(shape.attributes) ?? [] {
                // The control's kind decides: a text value is a choice unless its control is a text area.
                let (type, key) = switch controlKinds[attribute] {
                case .number: ("number", "number")
                case .text: ("textarea", "text")
                default: ("choices", "choices")
                }
                open(type, from: "attribute:\(attribute)", sameRegion: true)
                json.append(contentsOf: place)
                text(",\"\(key)\":")
                if case .number(let number) = value, type == "number" {
                    JSONText.appendNumber(number, decimals: 6, to: &json)
                } else {
                    json.append(UInt8(ascii: "[")); JSONText.appendString(value.text, to: &json); json.append(UInt8(ascii: "]"))
                }
                text("}}")
            }
        }
        let tagNames = item.tags.compactMap { nameOf[$0] }
        if !tagNames.isEmpty {
            open("choices", from: "tags")
            text("\"choices\":[")
            for (index, name) in tagNames.enumerated() {
                if index > 0 { json.append(UInt8(ascii: ",")) }
                JSONText.appendString(name, to: &json)
            }
            text("]}}")
        }
        text("]}]}")
        if json.count >= 1 << 16 { try archive.write(draining: &json) }
    }

    public func finish(into archive: any DatasetArchive) throws {
        text("\n]\n")
        try archive.write(draining: &json)
        try archive.end()
        try archive.add("label_config.xml", Array(Self.labelConfig(labels).utf8), compress: true)
    }

    /// Each attribute name's kind, from the first label that has it: labels sharing a name share one control.
    static func controlKinds(_ labels: [DatasetLabel]) -> [String: AttributeSpec.Kind] {
        var kinds: [String: AttributeSpec.Kind] = [:]
        for spec in labels.flatMap(\.attributes) where kinds[spec.name] == nil { kinds[spec.name] = spec.kind }
        return kinds
    }

    /// One per-region control per attribute name; a choice offers every option any label gives it.
    static func attributeControls(_ labels: [DatasetLabel]) -> String {
        let kinds = controlKinds(labels)
        var names: [String] = []
        var options: [String: [String]] = [:]
        for spec in labels.flatMap(\.attributes) {
            if !names.contains(spec.name) { names.append(spec.name) }
            for option in spec.kind == .boolean ? ["true", "false"] : spec.options ?? [] where !(options[spec.name] ?? []).contains(option) {
                options[spec.name, default: []].append(option)
            }
        }
        return names.map { name in
            let control = XMLText.escaped("attribute:\(name)")
            switch kinds[name] {
            case .number:
                return "  <Number name=\"\(control)\" toName=\"image\" perRegion=\"true\"/>\n"
            case .text:
                return "  <TextArea name=\"\(control)\" toName=\"image\" perRegion=\"true\"/>\n"
            default:
                let choices = (options[name] ?? []).map { "    <Choice value=\"\(XMLText.escaped($0))\"/>\n" }.joined()
                return "  <Choices name=\"\(control)\" toName=\"image\" perRegion=\"true\">\n\(choices)  </Choices>\n"
            }
        }.joined()
    }

    /// The labelling config whose control names the results use.
    public static func labelConfig(_ labels: [DatasetLabel]) -> String {
        func options(_ tag: String) -> String {
            labels.map { "    <\(tag) value=\"\(XMLText.escaped($0.name))\" background=\"\($0.color)\"/>\n" }.joined()
        }
        return """
            <View>
              <Image name="image" value="$image" zoom="true"/>
              <RectangleLabels name="label" toName="image">
            \(options("Label"))  </RectangleLabels>
              <PolygonLabels name="polygon" toName="image">
            \(options("Label"))  </PolygonLabels>
              <Choices name="tags" toName="image" choice="multiple">
            \(labels.map { "    <Choice value=\"\(XMLText.escaped($0.name))\"/>\n" }.joined())  </Choices>
            \(attributeControls(labels))</View>

            """
    }

    private func text(_ string: String) { json.append(contentsOf: string.utf8) }
}
