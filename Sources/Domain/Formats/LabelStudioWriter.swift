// Label Studio's JSON: `tasks.json`, a list of tasks, each with its image and one annotation whose
// results are the shapes (`rectanglelabels`, `polygonlabels`, in percent of the image) and tags
// (`choices`); `label_config.xml`, the labelling config that reads them (paste it into a Label
// Studio project before importing); and the files under `images/`.

public final class LabelStudioWriter: DatasetWriter {
    private var labels: [DatasetLabel] = []
    private var nameOf: [Int64: String] = [:]
    private var json: [UInt8] = []
    private var first = true

    public init() {}

    public var writesOneFile: Bool { true }

    public func imagePath(for item: DatasetItem) -> String { "images/\(item.fileName)" }

    public func begin(labels: [DatasetLabel], into archive: any DatasetArchive) throws {
        self.labels = labels
        for label in labels { nameOf[label.id] = label.name }
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
        func open(_ type: StaticString, from: StaticString) {
            if count > 0 { json.append(UInt8(ascii: ",")) }
            count += 1
            text("{\"id\":\"\(item.imageID)-\(count)\",\"type\":\""); JSONText.appendLiteral(type, to: &json)
            text("\",\"from_name\":\""); JSONText.appendLiteral(from, to: &json)
            text("\",\"to_name\":\"image\",\"original_width\":\(item.width),\"original_height\":\(item.height),\"image_rotation\":0,\"value\":{")
        }
        for shape in item.shapes {
            guard let name = nameOf[shape.labelID], let annotation = COCOAnnotation(shape, width: item.width, height: item.height) else { continue }
            switch shape {
            case .box:
                let box = annotation.bbox
                open("rectanglelabels", from: "label")
                text("\"x\":"); JSONText.appendNumber(box.x / w * 100, decimals: 6, to: &json)
                text(",\"y\":"); JSONText.appendNumber(box.y / h * 100, decimals: 6, to: &json)
                text(",\"width\":"); JSONText.appendNumber(box.width / w * 100, decimals: 6, to: &json)
                text(",\"height\":"); JSONText.appendNumber(box.height / h * 100, decimals: 6, to: &json)
                text(",\"rotation\":0,\"rectanglelabels\":["); JSONText.appendString(name, to: &json); text("]}}")
            default:
                open("polygonlabels", from: "polygon")
                text("\"points\":[")
                let flat = annotation.segmentation
                for index in stride(from: 0, to: flat.count, by: 2) {
                    if index > 0 { json.append(UInt8(ascii: ",")) }
                    json.append(UInt8(ascii: "[")); JSONText.appendNumber(flat[index] / w * 100, decimals: 6, to: &json)
                    json.append(UInt8(ascii: ",")); JSONText.appendNumber(flat[index + 1] / h * 100, decimals: 6, to: &json)
                    json.append(UInt8(ascii: "]"))
                }
                text("],\"closed\":true,\"polygonlabels\":["); JSONText.appendString(name, to: &json); text("]}}")
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
            </View>

            """
    }

    private func text(_ string: String) { json.append(contentsOf: string.utf8) }
}
