// COCO import over the API: the body is the COCO file, or a zip holding it and the images;
// nothing is recorded unless all of it is good.
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

    func addRoutes(to routes: inout RouteTable) {
        routes.add(.POST, "/api/v1/projects/{id}/import/coco", access: .project(.manager), importCOCO)
    }

    /// POST /api/v1/projects/{id}/import/coco with the COCO JSON, or a zip of it and its images, as the body.
    func importCOCO(_ request: Request, _ context: ProjectContext) throws -> Response {
        guard !request.body.isEmpty else {
            throw HTTPError.badRequest("The body is empty; send the COCO file (or a zip of it and its images) as the body.",
                                       field: "file", code: "empty_file")
        }
        let isZip = request.body.starts(with: [0x50, 0x4B])  // "PK"
        let (document, newImages) = isZip
            ? try unpackCOCOZip(request.body, projectID: context.project.id)
            : (try COCODocument.parse(request.body), [])
        let summary = try store.importCOCO(document, projectID: context.project.id, newImages: newImages, by: context.attribution)
        if !newImages.isEmpty { metrics.report(.upload(images: newImages.count, bytes: newImages.reduce(0) { $0 + $1.byteSize })) }
        return try .json(ImportSummaryDTO(images: summary.images, shapes: summary.shapes, labelsCreated: summary.labelsCreated))
    }

    /// The zip's one .json file (or `annotations.json`), and the images it names that the zip holds,
    /// checked and with their files stored (their rows are written with the import).
    private func unpackCOCOZip(_ bytes: [UInt8], projectID: Int64) throws -> (COCODocument, [NewImage]) {
        let zip = try ZipReader(bytes)
        let jsons = zip.entries.filter { $0.name.lowercased().hasSuffix(".json") && !$0.name.hasPrefix("__MACOSX/") }
        guard let json = jsons.count == 1 ? jsons[0] : jsons.first(where: { $0.name.hasSuffix("annotations.json") }) else {
            throw HTTPError(HTTPStatus.unprocessable, code: "invalid_zip", message: jsons.isEmpty
                ? "The zip holds no .json file; put the COCO file in it."
                : "The zip holds several .json files; keep one, or name the COCO file annotations.json.", field: "file")
        }
        let document = try COCODocument.parse(try zip.data(of: json))
        let byPath = Dictionary(zip.entries.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let byBaseName = Dictionary(grouping: zip.entries) { FileName.sanitised($0.name, fallback: $0.name) }
        var newImages: [NewImage] = []
        for image in document.images {
            // The file's path as written, else a unique entry with the same base name (images/x.jpg for x.jpg).
            let baseName = FileName.sanitised(image.fileName, fallback: image.fileName)
            guard let entry = byPath[image.fileName] ?? byBaseName[baseName].flatMap({ $0.count == 1 ? $0[0] : nil }) else { continue }
            do {
                newImages.append(try ingest.prepare(try zip.data(of: entry), fileName: image.fileName, projectID: projectID))
            } catch let error as ImagingError where error.httpError != nil {
                throw HTTPError(HTTPStatus.unprocessable, code: "invalid_image", message: "\(entry.name): \(error.description)",
                                field: "\(image.path).file_name")
            }
        }
        return (document, newImages)
    }
}
