// Exports: checks everything up front, then streams the file straight from a database cursor —
// COCO as one JSON file, the other formats as a zip.
import Domain
import FileStore
import Foundation
import Monitoring
import Store
import Web

struct ExportController: Sendable {
    let store: any DatasetStore
    let files: ContentStore
    let metrics: MetricsReporter

    func addRoutes(to routes: inout RouteTable) {
        routes.add(.GET, "/api/v1/projects/{id}/export/coco", access: .project(.member(.annotator)), exportCOCO)
        routes.add(.GET, "/api/v1/projects/{id}/export/coco-results", access: .project(.member(.annotator)), exportPredictions)
        for format in ExportFormat.allCases {
            routes.add(.GET, "/api/v1/projects/{id}/export/\(format.rawValue)", access: .project(.member(.annotator))) { request, context in
                try exportDataset(format, request, context)
            }
        }
    }

    /// GET /api/v1/projects/{id}/export/{yolo|voc|cvat|label-studio}[?snapshot=][&status=a,b][&images=original|none]
    /// [&splits=train,val][&val_fraction=0.2][&task=detect|segment]: a zip, streamed.
    func exportDataset(_ format: ExportFormat, _ request: Request, _ context: ProjectContext) throws -> Response {
        let snapshot = try requestedSnapshot(request, context)
        var options = DatasetExport.Options(snapshotID: snapshot?.id)
        options.statuses = try request.imageStatusList()
        if snapshot != nil, !options.statuses.isEmpty {
            throw HTTPError(HTTPStatus.unprocessable, code: "invalid_field", message: "A snapshot holds accepted images only; drop status.", field: "status")
        }
        options.includeImages = try request.queryChoice("images", ["original", "none"], default: "original") == "original"
        options.splits = try request.splitList()
        options.validationFraction = try request.queryNumber("val_fraction", in: 0...0.9, default: 0.2)
        let task = YOLOWriter.Task(rawValue: try request.queryChoice("task", YOLOWriter.Task.allCases.map(\.rawValue), default: "detect"))!
        let fileName = FileName.asciiSlug("\(context.project.name)-\(snapshot?.name ?? "live")") + ".\(format.rawValue).zip"
        let (store, files, metrics, projectID, projectName) = (self.store, self.files, self.metrics, context.project.id, context.project.name)
        let chosen = options
        return Response(
            status: HTTPStatus.ok,
            headers: [("Content-Type", "application/zip"), ("Content-Disposition", "attachment; filename=\"\(fileName)\"")],
            stream: { write in
                let started = ContinuousClock.now
                try withoutActuallyEscaping(write) { write in
                    let writer = format.writer(task: task, splits: chosen.splits, projectName: projectName)
                    try DatasetExport.write(from: store, projectID: projectID, options: chosen, writer: writer, files: files, to: write)
                }
                metrics.report(.export(format: format.rawValue, seconds: (ContinuousClock.now - started).seconds))
            })
    }

    private func requestedSnapshot(_ request: Request, _ context: ProjectContext) throws -> Snapshot? {
        guard let reference = request.query["snapshot"], !reference.isEmpty else { return nil }
        guard let found = try store.snapshot(projectID: context.project.id, reference: reference) else {
            throw HTTPError(HTTPStatus.notFound, code: "not_found", message: "This project has no snapshot '\(reference)'.", field: "snapshot")
        }
        return found
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
        let snapshot = try requestedSnapshot(request, context)
        let statuses = try request.imageStatusList()
        if snapshot != nil, !statuses.isEmpty {
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
                    try COCOExport.write(from: store, projectID: projectID, snapshotID: snapshotID, statuses: statuses,
                                         description: description, version: version, to: write)
                }
                metrics.report(.export(format: "coco", seconds: (ContinuousClock.now - started).seconds))
            })
    }
}

extension Request {
    /// `splits=train,val` (default both): which sides of the split an export holds.
    func splitList() throws -> [DatasetSplit] {
        guard let raw = query["splits"] else { return DatasetSplit.allCases }
        let splits = raw.split(separator: ",").compactMap { DatasetSplit(rawValue: String($0)) }
        guard !splits.isEmpty, splits.count == raw.split(separator: ",", omittingEmptySubsequences: false).count else {
            throw HTTPError(HTTPStatus.unprocessable, code: "invalid_field", message: "splits is train, val, or train,val; not '\(raw.prefix(40))'.", field: "splits")
        }
        return splits
    }
}
