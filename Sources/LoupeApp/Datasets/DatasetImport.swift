// One import, whoever asks (the API, `loupe import`): the upload's files are read in the format,
// the images it holds are checked and stored (or only checked, on a dry run), then the store
// records everything in one transaction.
import Archive
import Domain
import Imaging
import Store
import Web

public struct DatasetImport: Sendable {
    let store: any DatasetStore
    let ingest: ImageIngest

    /// All files of an upload together may unpack to no more than this, and one file to no more than
    /// `fileLimit` (a Label Studio export of a million shapes is about 300 MB of JSON).
    static let unpackedLimit = 8 << 30
    static let fileLimit = 1 << 30
    /// An image file is never this large (uploads refuse over 100 megapixels from the header).
    static let imageFileLimit = 256 << 20

    public init(store: any DatasetStore, ingest: ImageIngest) {
        self.store = store
        self.ingest = ingest
    }

    /// The report, and the bytes of the image files the upload held (0 on a dry run).
    public func run(_ format: ImportFormat, upload: [UInt8], projectID: Int64, options: ImportOptions,
                    by who: Attribution) throws -> (report: ImportReport, storedBytes: Int) {
        guard !upload.isEmpty else {
            throw HTTPError.badRequest("The body is empty; send the \(format.title) file (or a zip of it and its images).",
                                       field: "file", code: "empty_file")
        }
        let zip = upload.starts(with: [0x50, 0x4B]) ? ZipFiles(try ZipReader(upload, maxEntrySize: Self.fileLimit)) : nil  // "PK"
        let files: any DatasetFiles
        if let zip {
            try zip.zip.checkSafe(totalLimit: Self.unpackedLimit)
            files = zip
        } else if let name = format.singleFileName(upload) {
            files = SingleFile(name: name, bytes: upload)
        } else {
            throw HTTPError(HTTPStatus.unprocessable, code: "invalid_file",
                            message: "Send \(format.title) as a zip of its files (with or without the images).", field: "file")
        }
        var document = try format.read(files)
        if let zip {
            // Image files no annotation describes are not added; the report says so, file by file.
            let described = Set(document.images.compactMap(\.archivePath))
            for entry in zip.zip.entries where DatasetPath.isImage(entry.name) && !DatasetPath.isJunk(entry.name) && !described.contains(entry.name) {
                document.skipped.append(.init(path: entry.name, message: "An image file the annotations do not describe; not added."))
            }
        }
        let newImages = try zip.map { try images(in: document, from: $0, projectID: projectID, dryRun: options.dryRun) } ?? [:]
        let report = try store.importDataset(document, projectID: projectID, newImages: newImages, options: options, by: who)
        return (report, options.dryRun ? 0 : newImages.values.reduce(0) { $0 + $1.byteSize })
    }

    /// The images the upload holds, checked and (unless a dry run) stored, keyed by the document's image id.
    private func images(in document: DatasetDocument, from files: ZipFiles, projectID: Int64, dryRun: Bool) throws -> [Int: NewImage] {
        var images: [Int: NewImage] = [:]
        for image in document.images {
            guard let path = image.archivePath, let entry = files.entries[path] else { continue }
            guard entry.size <= Self.imageFileLimit else { throw ArchiveError.tooLarge(name: path, limit: Self.imageFileLimit) }
            do {
                let bytes = try files.data(path)
                images[image.id] = dryRun
                    ? try ingest.inspect(bytes, fileName: image.fileName, projectID: projectID)
                    : try ingest.prepare(bytes, fileName: image.fileName, projectID: projectID)
            } catch let error as ImagingError where error.httpError != nil {
                throw HTTPError(HTTPStatus.unprocessable, code: "invalid_image", message: "\(path): \(error.description)", field: path)
            }
        }
        return images
    }
}

/// A zip's entries as a reader's files.
struct ZipFiles: DatasetFiles {
    let zip: ZipReader
    let entries: [String: ZipEntry]

    init(_ zip: ZipReader) {
        self.zip = zip
        entries = Dictionary(zip.entries.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    var names: [String] { zip.entries.map(\.name) }

    func data(_ name: String) throws -> [UInt8] {
        guard let entry = entries[name] else { throw ArchiveError.corrupt("no entry '\(name)'") }
        return try zip.data(of: entry)
    }
}
