// What an import reads from any format, before the store maps it onto the project: label names
// (as categories), images by file name, and shapes in pixels — or in fractions of the image, for
// formats (YOLO) that do not carry its size. Things a format holds that Loupe cannot (keypoints,
// masks, rotated boxes) are listed as skipped, not silently dropped.

public struct DatasetFormatError: Error, Equatable, Sendable {
    public let path: String
    public let message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }
}

public struct DatasetDocument: Sendable {
    public struct Category: Sendable, Equatable {
        public let id: Int
        public let name: String
    }

    public struct Image: Sendable, Equatable {
        public let id: Int
        public let fileName: String
        public let width: Int?
        public let height: Int?
        /// Where the image is in the file, for error paths.
        public let path: String
        /// The upload's file holding the image, when the reader found it there.
        public var archivePath: String? = nil
        /// Match a project image whose name has this stem and any extension (YOLO label files name no extension).
        public var matchesStem = false
    }

    /// A shape for an image, its label given as a category id.
    public struct Annotation: Sendable, Equatable {
        public let imageID: Int
        public let shape: Shape
        public let path: String
        /// Coordinates are fractions of the image's width and height.
        public var relative = false
    }

    /// A box a model proposed (Label Studio's `predictions`), for an annotator to accept or reject.
    public struct Suggestion: Sendable, Equatable {
        public let imageID: Int
        /// In fractions of the image, as Label Studio's percentages are.
        public let box: Shape
        public let score: Double
        public let path: String
        /// Which tool and model proposed it: "Label Studio: yolo-v8".
        public let source: String
    }

    /// Something in the file that Loupe does not hold, and why.
    public struct Skip: Sendable, Equatable {
        public let path: String
        public let message: String

        public init(path: String, message: String) {
            self.path = path
            self.message = message
        }
    }

    public var categories: [Category]
    public var images: [Image]
    /// In file order; tags after the boxes and polygons of the same image.
    public var annotations: [Annotation]
    public var suggestions: [Suggestion] = []
    public var skipped: [Skip] = []

    public init(categories: [Category], images: [Image], annotations: [Annotation]) {
        self.categories = categories
        self.images = images
        self.annotations = annotations
    }
}

/// Builds a document for formats that name labels rather than number them: category ids are
/// handed out by name (first seen, 1…n), image ids in order.
public struct DatasetDocumentBuilder {
    public private(set) var document = DatasetDocument(categories: [], images: [], annotations: [])
    private var categoryByName: [String: Int] = [:]
    private var imageByName: [String: Int] = [:]

    public init() {}

    /// The category id for a label name (matched case-insensitively, as labels are).
    public mutating func category(_ name: String) -> Int {
        let key = name.lowercased()
        if let id = categoryByName[key] { return id }
        let id = document.categories.count + 1
        categoryByName[key] = id
        document.categories.append(.init(id: id, name: name))
        return id
    }

    /// Adds an image; a file name given twice is a fault at `path`.
    public mutating func image(_ fileName: String, width: Int?, height: Int?, path: String,
                               archivePath: String? = nil, matchesStem: Bool = false) throws -> Int {
        guard imageByName[fileName.lowercased()] == nil else {
            throw DatasetFormatError(path: path, message: "'\(fileName)' is described twice; keep one.")
        }
        let id = document.images.count + 1
        imageByName[fileName.lowercased()] = id
        document.images.append(.init(id: id, fileName: fileName, width: width, height: height, path: path,
                                     archivePath: archivePath, matchesStem: matchesStem))
        return id
    }

    public mutating func shape(_ shape: Shape, image: Int, path: String, relative: Bool = false) {
        document.annotations.append(.init(imageID: image, shape: shape, path: path, relative: relative))
    }

    public mutating func suggestion(_ box: Shape, image: Int, score: Double, path: String, source: String) {
        document.suggestions.append(.init(imageID: image, box: box, score: score, path: path, source: source))
    }

    /// Adds another file's document (a subset of the same dataset): categories by name, images
    /// renumbered; `file` goes before each place the document names (`val.json: images[3]`).
    public mutating func append(_ other: DatasetDocument, from file: String? = nil) throws {
        func at(_ path: String) -> String { file.map { "\($0): \(path)" } ?? path }
        var categoryOf: [Int64: Int64] = [:]
        for category in other.categories { categoryOf[Int64(category.id)] = Int64(self.category(category.name)) }
        var imageOf: [Int: Int] = [:]
        for image in other.images {
            imageOf[image.id] = try self.image(image.fileName, width: image.width, height: image.height, path: at(image.path),
                                               archivePath: image.archivePath, matchesStem: image.matchesStem)
        }
        for annotation in other.annotations {
            shape(annotation.shape.relabelled(to: categoryOf[annotation.shape.labelID]!),
                  image: imageOf[annotation.imageID]!, path: at(annotation.path), relative: annotation.relative)
        }
        for suggestion in other.suggestions {
            self.suggestion(suggestion.box.relabelled(to: categoryOf[suggestion.box.labelID]!),
                            image: imageOf[suggestion.imageID]!, score: suggestion.score, path: at(suggestion.path), source: suggestion.source)
        }
        document.skipped += other.skipped.map { DatasetDocument.Skip(path: at($0.path), message: $0.message) }
    }

    public mutating func skip(_ path: String, _ message: String) {
        document.skipped.append(.init(path: path, message: message))
    }
}
