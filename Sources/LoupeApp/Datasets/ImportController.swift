// Imports over the API, in every format: the body is the annotation file, or a zip of it and its
// images. The upload is read, its images checked and stored, then everything is recorded in one
// transaction — or, with `dry_run=1`, checked the same way and reported without a change.
import Archive
import Domain
import Imaging
import Monitoring
import Store
import Web

struct ImportController: Sendable {
    let store: any DatasetStore
    let ingest: ImageIngest
    let metrics: MetricsReporter

    /// All files of an upload together may unpack to no more than this.
    static let unpackedLimit = 8 << 30

    func addRoutes(to routes: inout RouteTable) {
        for format in ImportFormat.allCases {
            routes.add(.POST, "/api/v1/projects/{id}/import/\(format.rawValue)", access: .project(.manager)) { request, context in
                try importDataset(format, request, context)
            }
        }
    }

    /// POST /api/v1/projects/{id}/import/{format}[?dry_run=1][&create_labels=0]
    func importDataset(_ format: ImportFormat, _ request: Request, _ context: ProjectContext) throws -> Response {
        guard !request.body.isEmpty else {
            throw HTTPError.badRequest("The body is empty; send the \(format.title) file (or a zip of it and its images) as the body.",
                                       field: "file", code: "empty_file")
        }
        let options = ImportOptions(createLabels: try request.query["create_labels"] == nil || request.queryFlag("create_labels"),
                                    dryRun: try request.queryFlag("dry_run"))
        let document = try format.read(try uploadedFiles(request.body, format: format))
        let newImages = try images(in: document, from: request.body, projectID: context.project.id, dryRun: options.dryRun)
        let report = try store.importDataset(document, projectID: context.project.id, newImages: newImages, options: options, by: context.attribution)
        if !options.dryRun, report.created > 0 {
            metrics.report(.upload(images: report.created, bytes: newImages.values.reduce(0) { $0 + $1.byteSize }))
        }
        return try .json(ImportReportDTO(report))
    }

    /// A zip's entries, or the one file sent, named as the format expects it.
    private func uploadedFiles(_ body: [UInt8], format: ImportFormat) throws -> any DatasetFiles {
        if body.starts(with: [0x50, 0x4B]) {  // "PK"
            let zip = try ZipReader(body)
            try zip.checkSafe(totalLimit: Self.unpackedLimit)
            return ZipFiles(zip)
        }
        guard let name = format.singleFileName(body) else {
            throw HTTPError(HTTPStatus.unprocessable, code: "invalid_file",
                            message: "Send \(format.title) as a zip of its files (with or without the images).", field: "file")
        }
        return SingleFile(name: name, bytes: body)
    }

    /// The images the upload holds, checked and (unless a dry run) stored, keyed by the document's image id.
    private func images(in document: DatasetDocument, from body: [UInt8], projectID: Int64, dryRun: Bool) throws -> [Int: NewImage] {
        let withFiles = document.images.filter { $0.archivePath != nil }
        guard !withFiles.isEmpty else { return [:] }
        let zip = try ZipReader(body)
        let entries = Dictionary(zip.entries.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var images: [Int: NewImage] = [:]
        for image in withFiles {
            let path = image.archivePath!
            guard let entry = entries[path] else { continue }
            do {
                let bytes = try zip.data(of: entry)
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
