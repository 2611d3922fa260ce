// COCO export: checks everything up front, then streams the file straight from a database cursor.
import Domain
import Foundation
import Monitoring
import Store
import Web

extension AppContext {
    /// GET /api/v1/projects/{id}/export/coco[?snapshot=name-or-id][&status=accepted]
    func exportCOCO(_ request: Request, _ context: ProjectContext) throws -> Response {
        var snapshot: Snapshot?
        if let reference = request.query["snapshot"], !reference.isEmpty {
            guard let found = try database.snapshot(projectID: context.project.id, reference: reference) else {
                throw HTTPError(HTTPStatus.notFound, code: "not_found", message: "This project has no snapshot '\(reference)'.", field: "snapshot")
            }
            snapshot = found
        }
        let status = try imageStatusFilter(request)
        if snapshot != nil, status != nil {
            throw HTTPError.badRequest("A snapshot holds accepted images only; drop status.", field: "status", code: "invalid_field")
        }
        let version = snapshot?.name ?? "live"
        let fileName = FileName.asciiSlug("\(context.project.name)-\(version)") + ".coco.json"
        let database = self.database
        let (projectID, snapshotID) = (context.project.id, snapshot?.id)
        let description = "Loupe project \(context.project.name)"
        let metrics = self.metrics
        return Response(
            status: HTTPStatus.ok,
            headers: [("Content-Type", "application/json"),
                      ("Content-Disposition", "attachment; filename=\"\(fileName)\"")],
            stream: { write in
                let started = ContinuousClock.now
                try withoutActuallyEscaping(write) { write in
                    try COCOExport.write(from: database, projectID: projectID, snapshotID: snapshotID, status: status,
                                         description: description, version: version, to: write)
                }
                metrics.report(.export(format: "coco", seconds: (ContinuousClock.now - started).seconds))
            })
    }

    /// The optional `status` query parameter, checked.
    func imageStatusFilter(_ request: Request) throws -> ImageStatus? {
        guard let raw = request.query["status"], !raw.isEmpty else { return nil }
        guard let status = ImageStatus(rawValue: raw) else {
            throw HTTPError.badRequest("status is one of \(ImageStatus.allCases.map(\.rawValue).joined(separator: ", ")).",
                                       field: "status", code: "invalid_field")
        }
        return status
    }
}
