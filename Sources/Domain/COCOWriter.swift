// Writes a COCO detection file piece by piece, handing out bytes in chunks, so the memory it needs
// does not grow with the number of annotations. The caller feeds categories, then images, then
// shapes, in that order.
//
// Conventions (documented in the README): category ids are 1…n in the order given; image ids
// are Loupe's; annotation ids count up from 1 in the order written; numbers have at most two
// decimals; image-level tags are an extra `tags` array of category ids on each image, which
// pycocotools ignores; a label's attributes are an `attributes` object on each of its annotations,
// as CVAT writes them.
import Foundation

public struct COCOCategory: Sendable {
    public let id: Int
    public let name: String

    public init(id: Int, name: String) {
        self.id = id
        self.name = name
    }
}

public struct COCOImage: Sendable {
    public let id: Int64
    public let fileName: String
    public let width: Int
    public let height: Int
    public let tags: [Int]
    /// Tags accepted from a model's suggestion: category id → model version id.
    public let suggestedTags: [Int: Int64]

    public init(id: Int64, fileName: String, width: Int, height: Int, tags: [Int], suggestedTags: [Int: Int64] = [:]) {
        self.id = id
        self.fileName = fileName
        self.width = width
        self.height = height
        self.tags = tags
        self.suggestedTags = suggestedTags
    }
}

public final class COCOWriter {
    private enum Section { case start, images, annotations, finished }

    /// Only this writer touches it, one call at a time: the runtime exclusivity checks on every
    /// append were a tenth of an export's time.
    @exclusivity(unchecked) private var buffer: [UInt8] = []
    private let chunkSize: Int
    private let emit: ([UInt8]) throws -> Void
    private var section = Section.start
    private var firstInSection = true
    private var nextAnnotationID = 1

    /// `emit` receives the output in pieces of about `chunkSize` bytes.
    public init(chunkSize: Int = 1 << 16, emit: @escaping ([UInt8]) throws -> Void) {
        self.chunkSize = chunkSize
        self.emit = emit
        buffer.reserveCapacity(chunkSize + 4096)
    }

    /// The `info` block and the categories. `dateCreated` is an ISO 8601 string.
    public func begin(description: String, version: String, dateCreated: String, categories: [COCOCategory]) throws {
        precondition(section == .start, "begin once, first")
        write("{\"info\":{\"description\":"); writeString(description)
        write(",\"version\":"); writeString(version)
        write(",\"year\":"); write(String(dateCreated.prefix(4)))
        write(",\"contributor\":\"Loupe\",\"url\":\"\",\"date_created\":"); writeString(dateCreated)
        write("},\"licenses\":[],\"categories\":[")
        for (index, category) in categories.enumerated() {
            if index > 0 { write(",") }
            write("{\"id\":\(category.id),\"name\":"); writeString(category.name); write(",\"supercategory\":\"\"}")
        }
        write("],\"images\":[")
        section = .images
        try flushIfFull()
    }

    public func add(_ image: COCOImage) throws {
        precondition(section == .images, "images come after begin and before annotations")
        separate()
        write("{\"id\":\(image.id),\"file_name\":"); writeString(image.fileName)
        write(",\"width\":\(image.width),\"height\":\(image.height),\"tags\":[")
        write(image.tags.map(String.init).joined(separator: ","))
        write("]")
        if !image.suggestedTags.isEmpty {
            // Which tags a person confirmed from a model's suggestion, and which version suggested them.
            write(",\"suggested_tags\":[")
            write(image.suggestedTags.sorted { $0.key < $1.key }
                .map { "{\"category_id\":\($0.key),\"model_version_id\":\($0.value)}" }.joined(separator: ","))
            write("]")
        }
        write("}")
        try flushIfFull()
    }

    /// Adds the shape's annotation; tags and shapes with nothing inside the image write nothing.
    /// `attributes` (its label's, each with the shape's value or the default) become an object.
    public func add(_ shape: Shape, categoryID: Int, imageID: Int64, width: Int, height: Int,
                    attributes: [(name: String, value: AttributeValue)] = []) throws {
        if section == .images {
            write("],\"annotations\":[")
            section = .annotations
            firstInSection = true
        }
        precondition(section == .annotations, "annotations come after images")
        guard let annotation = COCOAnnotation(shape, width: width, height: height) else { return }
        separate()
        literal("{\"id\":"); JSONText.appendInteger(nextAnnotationID, to: &buffer)
        literal(",\"image_id\":"); JSONText.appendInteger(imageID, to: &buffer)
        literal(",\"category_id\":"); JSONText.appendInteger(categoryID, to: &buffer)
        literal(",\"iscrowd\":0,\"area\":"); writeNumber(annotation.area)
        literal(",\"bbox\":["); writeNumber(annotation.bbox.x)
        literal(","); writeNumber(annotation.bbox.y)
        literal(","); writeNumber(annotation.bbox.width)
        literal(","); writeNumber(annotation.bbox.height)
        literal("],\"segmentation\":[[")
        for (index, value) in annotation.segmentation.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: ",")) }
            writeNumber(value)
        }
        literal("]]")
        if !attributes.isEmpty {
            literal(",\"attributes\":{")
            for (index, attribute) in attributes.enumerated() {
                if index > 0 { buffer.append(UInt8(ascii: ",")) }
                writeString(attribute.name)
                buffer.append(UInt8(ascii: ":"))
                switch attribute.value {
                case .bool(let flag): if flag { literal("true") } else { literal("false") }
                case .number(let number): JSONText.appendNumber(number, decimals: 6, to: &buffer)
                case .text(let text): writeString(text)
                }
            }
            buffer.append(UInt8(ascii: "}"))
        }
        buffer.append(UInt8(ascii: "}"))
        nextAnnotationID += 1
        try flushIfFull()
    }

    /// Closes the document and emits what is left.
    public func finish() throws {
        switch section {
        case .start: preconditionFailure("begin before finish")
        case .images: write("],\"annotations\":[]}")
        case .annotations: write("]}")
        case .finished: return
        }
        section = .finished
        try emit(buffer)
        buffer.removeAll(keepingCapacity: false)
    }

    // MARK: - Output

    private func separate() {
        if firstInSection { firstInSection = false } else { buffer.append(UInt8(ascii: ",")) }
    }

    private func flushIfFull() throws {
        guard buffer.count >= chunkSize else { return }
        try emit(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private func write(_ text: String) { buffer.append(contentsOf: text.utf8) }

    private func literal(_ text: StaticString) { JSONText.appendLiteral(text, to: &buffer) }

    private func writeString(_ string: String) { JSONText.appendString(string, to: &buffer) }

    private func writeNumber(_ value: Double) { JSONText.appendNumber(value, to: &buffer) }
}
