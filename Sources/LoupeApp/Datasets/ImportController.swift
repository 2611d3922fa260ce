// Imports over the API, in every format: the body is the annotation file, or a zip of it and its
// images; `dry_run=1` reports what would happen and changes nothing.
import Domain
import Monitoring
import Store
import Web

struct ImportController: Sendable {
    let importer: DatasetImport
    let metrics: MetricsReporter

    func addRoutes(to routes: inout RouteTable) {
        for format in ImportFormat.allCases {
            routes.add(.POST, "/api/v1/projects/{id}/import/\(format.rawValue)", access: .project(.manager)) { request, context in
                try importDataset(format, request, context)
            }
        }
    }

    /// POST /api/v1/projects/{id}/import/{format}[?dry_run=1][&create_labels=0]
    func importDataset(_ format: ImportFormat, _ request: Request, _ context: ProjectContext) throws -> Response {
        let options = ImportOptions(createLabels: try request.query["create_labels"] == nil || request.queryFlag("create_labels"),
                                    dryRun: try request.queryFlag("dry_run"))
        let (report, bytes) = try importer.run(format, upload: try Self.upload(request, context), projectID: context.project.id,
                                               options: options, by: context.attribution)
        if report.created > 0, !report.dryRun { metrics.report(.upload(images: report.created, bytes: bytes)) }
        return try .json(ImportReportDTO(report))
    }

    /// The raw body, or the file of a multipart form (as `requests`' `files=` and `curl -F` send it).
    static func upload(_ request: Request, _ context: ProjectContext) throws -> [UInt8] {
        guard Request.streamsBody(contentType: request.contentType) else { return request.body }
        var bytes: [UInt8] = []
        var files = 0
        _ = try MultipartForm.read(request, caller: context.caller, startFile: { _ in
            files += 1
            guard files == 1 else { throw HTTPError.badRequest("Send one file: the annotation file or a zip.", field: "file", code: "too_many_files") }
        }, fileBytes: { bytes += $0 })
        return bytes
    }
}
