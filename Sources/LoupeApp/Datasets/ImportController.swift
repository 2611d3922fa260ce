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
        let (report, bytes) = try importer.run(format, upload: request.body, projectID: context.project.id, options: options, by: context.attribution)
        if report.created > 0, !report.dryRun { metrics.report(.upload(images: report.created, bytes: bytes)) }
        return try .json(ImportReportDTO(report))
    }
}
