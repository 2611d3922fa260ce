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
        routes.add(.GET, "/api/v1/projects/{id}/export/coco-results", access: .project(.member(.annotator)), exportPredictions)
    }

    /// One detection as COCO's results format has it (`COCO.loadRes` reads a list of these).
    struct COCOResultDTO: Encodable {
        let imageId: Int64
        let categoryId: Int
        let bbox: [Double]
        let score: Double
    }

    /// GET /api/v1/projects/{id}/export/coco-results?model_version=V: every box the version proposed on
    /// the project's images, with the image ids and category ids of the project's live COCO export.
    func exportPredictions(_ request: Request, _ context: ProjectContext) throws -> Response {
        guard let versionID = try request.queryInteger("model_version", in: 1...Int64.max) else {
            throw HTTPError(HTTPStatus.unprocessable, code: "missing_field",
                            message: "Say which version's predictions to export: model_version=ID.", field: "model_version")
        }
        let boxes = try store.predictedBoxes(projectID: context.project.id, versionID: versionID)
        guard !boxes.isEmpty else {
            throw HTTPError(HTTPStatus.unprocessable, code: "invalid_field",
                            message: "Version \(versionID) has proposed no boxes in this project. Run a predict job with it first.",
                            field: "model_version")
        }
        var category: [Int64: Int] = [:]
        for (index, label) in try store.exportLabels(projectID: context.project.id).enumerated() { category[label.id] = index + 1 }
        let results = boxes.compactMap { box in
            category[box.labelID].map { COCOResultDTO(imageId: box.imageID, categoryId: $0, bbox: [box.x, box.y, box.width, box.height], score: box.score) }
        }
        let fileName = FileName.asciiSlug("\(context.project.name)-version-\(versionID)") + ".results.json"
        var response = try Response.json(results)
        response.headers.append(("Content-Disposition", "attachment; filename=\"\(fileName)\""))
        return response
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
            throw HTTPError(HTTPStatus.unprocessable, code: "invalid_field", message: "A snapshot holds accepted images only; drop status.", field: "status")
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
