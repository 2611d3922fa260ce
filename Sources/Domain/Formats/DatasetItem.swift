// What a dataset writer is handed: the labels once, then one image at a time with all its shapes.

public struct DatasetLabel: Sendable, Equatable {
    public let id: Int64
    public let name: String
    /// `#rrggbb`.
    public let color: String
    /// What its shapes carry; formats that can hold attributes write each shape's values, defaults filled in.
    public let attributes: [AttributeSpec]

    public init(id: Int64, name: String, color: String, attributes: [AttributeSpec] = []) {
        self.id = id
        self.name = name
        self.color = color
        self.attributes = attributes
    }
}

public struct DatasetItem: Sendable {
    public let imageID: Int64
    /// Unique within the export (see `ExportFileNames`).
    public let fileName: String
    public let width: Int
    public let height: Int
    public let split: DatasetSplit
    /// Boxes and polygons, in the order they were saved.
    public let shapes: [Shape]
    /// Label ids tagged on the whole image.
    public let tags: [Int64]

    public init(imageID: Int64, fileName: String, width: Int, height: Int, split: DatasetSplit, shapes: [Shape], tags: [Int64]) {
        self.imageID = imageID
        self.fileName = fileName
        self.width = width
        self.height = height
        self.split = split
        self.shapes = shapes
        self.tags = tags
    }

    /// The file name without its extension: YOLO's and VOC's per-image files are named after it.
    public var stem: String { DatasetPath.stem(fileName) }
}

/// Where a writer puts its files: a zip as it streams.
public protocol DatasetArchive: AnyObject {
    /// One whole file; `compress: false` for bytes that are compressed already (JPEG, PNG).
    func add(_ name: String, _ bytes: [UInt8], compress: Bool) throws
    /// A file written in pieces.
    func begin(_ name: String) throws
    func write(_ bytes: [UInt8]) throws
    func end() throws
}

extension DatasetArchive {
    /// Writes what a streamed file's writer has gathered, and empties it for the next piece.
    func write(draining buffer: inout [UInt8]) throws {
        try write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

/// One dataset format's layout, written image by image.
public protocol DatasetWriter: AnyObject {
    /// True when the annotations are one file written from `begin` to `finish`: the images must
    /// then be added after `finish`, since a zip holds one open file at a time.
    var writesOneFile: Bool { get }
    /// Where the item's original file goes in the archive.
    func imagePath(for item: DatasetItem) -> String
    func begin(labels: [DatasetLabel], into archive: any DatasetArchive) throws
    func add(_ item: DatasetItem, into archive: any DatasetArchive) throws
    func finish(into archive: any DatasetArchive) throws
}
