// Batch predictions: an archive of images uploaded to run a version over (the project and snapshot
// sources are ordinary `batch` jobs), and the result files a finished job leaves, sent by nginx.
import Archive
import Domain
import FileStore
import Foundation
import Store
import Web

struct BatchPredictionController: Sendable {
    let store: any JobStore
    let files: ContentStore

    static let maxArchiveBytes = 256 << 20

    func addRoutes(to routes: inout RouteTable) {
        routes.add(.POST, "/api/v1/projects/{id}/batch-predictions", access: .project(.manager), options: .multipartForm, uploadBatch)
        routes.add(.GET, "/api/v1/jobs/{id}/results/{format}", access: .job(.member(.annotator)), downloadResults)
    }

    /// POST multipart: `model` ("Name" or "Name@alias") or `model_version` (an id), optional
    /// `score_threshold`, and a zip `file` of JPEG/PNG images. 201 with the queued job.
    func uploadBatch(_ request: Request, _ context: ProjectContext) throws -> Response {
        var archive: PendingFile?
        defer { archive?.discard() }
        let fields = try MultipartForm.read(request, caller: context.caller, startFile: { filename in
            guard archive == nil else { throw HTTPError.badRequest("Send one archive per request.", field: "file", code: "too_many_files") }
            guard filename.lowercased().hasSuffix(".zip") else {
                throw HTTPError(HTTPStatus.unprocessable, code: "not_zip", message: "Send the images as one .zip archive; '\(filename)' is not.", field: "file")
            }
            archive = try files.begin()
        }, fileBytes: { bytes in
            guard let pending = archive else { return }
            guard pending.size + bytes.count <= Self.maxArchiveBytes else {
                throw HTTPError(HTTPStatus.payloadTooLarge, code: "too_large", message: "Archives are limited to \(Self.maxArchiveBytes >> 20) MiB.", field: "file")
            }
            try pending.append(bytes)
        })
        guard let pending = archive, pending.size > 0 else {
            throw HTTPError.badRequest("Attach a .zip of images as the file field.", field: "file", code: "no_files")
        }
        let stored = try pending.commit(in: "batchinputs", extension: "zip")
        do {
            let job = try queue(archive: stored, fields: fields, context)
            return try .json(JobDTO(job), status: HTTPStatus.created)
        } catch {
            // Nothing refers to an archive stored just now for a refused job.
            if !stored.alreadyStored { try? files.remove(stored.relativePath) }
            throw error
        }
    }

    private func queue(archive stored: StoredFile, fields: [String: String], _ context: ProjectContext) throws -> Job {
        // Read the directory now, so a broken archive is refused here rather than failing the job later.
        let entries = try ZipReader(try files.read(stored.relativePath)).entries
        guard entries.contains(where: { ["jpg", "jpeg", "png"].contains(($0.name.split(separator: ".").last ?? "").lowercased()) }) else {
            throw HTTPError(HTTPStatus.unprocessable, code: "no_images", message: "The archive holds no .jpg, .jpeg or .png files.", field: "file")
        }
        var config: [String: Any] = ["source": "archive", "archive": stored.relativePath]
        if let model = fields["model"], !model.isEmpty { config["model"] = model }
        // A value that is not a number stays text, so the config's reader names the field and says what it takes.
        if let id = fields["model_version"], !id.isEmpty { config["model_version"] = Int(id).map { $0 as Any } ?? id }
        if let threshold = fields["score_threshold"], !threshold.isEmpty { config["score_threshold"] = Double(threshold).map { $0 as Any } ?? threshold }
        let spec = JobSpec.batch(try JSONDecoder().decode(BatchConfig.self, from: try JSONSerialization.data(withJSONObject: config)))
        return try store.enqueueJob(projectID: context.project.id, spec: spec, priority: 0, by: context.attribution)
    }

    /// GET /api/v1/jobs/{id}/results/{csv|coco}: nginx sends the file.
    func downloadResults(_ request: Request, _ context: JobContext) throws -> Response {
        let format = try request.stringParameter("format")
        guard ["csv", "coco"].contains(format) else { throw HTTPError.notFound("Results come as csv or coco.") }
        guard let result = try store.jobResults(jobID: context.job.id).first(where: { $0.format == format }) else {
            throw HTTPError(HTTPStatus.conflict, code: "no_results",
                            message: context.job.kind == .batch ? "Job \(context.job.id) is \(context.job.state.rawValue): its results come when it succeeds."
                                : "Only batch prediction jobs leave results files.")
        }
        let (type, ext) = format == "csv" ? ("text/csv; charset=utf-8", "csv") : ("application/json", "json")
        return Response(status: 200, headers: [
            ("X-Accel-Redirect", files.redirectTarget(result.path)), ("Content-Type", type),
            ("Content-Disposition", "attachment; filename=\"batch-\(context.job.id).\(ext)\""),
        ])
    }
}
