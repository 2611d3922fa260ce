// COCO export: checks everything up front, then streams the file straight from a database cursor.
import Domain
import Foundation
import Monitoring
import Store
import Web

struct ExportController: Sendable {
    let store: any DatasetStore
    let metrics: MetricsReporter

    func addRoutes(to routes: inout RouteTable) {
        routes.add(.GET, "/api/v1/projects/{id}/export/coco", access: .project(.member(.annotator)), exportCOCO)
    }

    /// GET /api/v1/projects/{id}/export/coco[?snapshot=name-or-id][&status=accepted]
    func exportCOCO(_ request: Request, _ context: ProjectContext) throws -> Response {
        var snapshot: Snapshot?
        if let reference = request.query["snapshot"], !reference.isEmpty {
            guard let found = try store.snapshot(projectID: context.project.id, reference: reference) else {
                throw HTTPError(HTTPStatus.notFound, code: "not_found", message: "This project has no snapshot '\(reference)'.", field: "snapshot")
            }
            snapshot = found
        }
        let status = try request.imageStatusFilter()
        if snapshot != nil, status != nil {
            throw HTTPError.badRequest("A snapshot holds accepted images only; drop status.", field: "status", code: "invalid_field")
        }
        let version = snapshot?.name ?? "live"
        let fileName = FileName.asciiSlug("\(context.project.name)-\(version)") + ".coco.json"
        let store = self.store
        let (projectID, snapshotID) = (context.project.id, snapshot?.id)
        let description = "Loupe project \(context.project.name)"
        return Response(
            status: HTTPStatus.ok,
            headers: [("Content-Type", "application/json"),
                      ("Content-Disposition", "attachment; filename=\"\(fileName)\"")],
            stream: { write in
                let started = ContinuousClock.now
                try withoutActuallyEscaping(write) { write in
                    try COCOExport.write(from: store, projectID: projectID, snapshotID: snapshotID, status: status,
                                         description: description, version: version, to: write)
                }
                metrics.report(.export(format: "coco", seconds: (ContinuousClock.now - started).seconds))
            })
    }

    /// The optional `status` query parameter, checked.
}
