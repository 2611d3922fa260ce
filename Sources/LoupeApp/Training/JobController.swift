// Training jobs over the API: the data team queues and cancels; project members watch.
import Domain
import Store
import Web

struct JobController: Sendable {
    let store: any JobStore

    func addRoutes(to routes: inout RouteTable) {
        routes.add(.GET, "/api/v1/projects/{id}/jobs", access: .project(.member(.annotator)), listJobs)
        routes.add(.POST, "/api/v1/projects/{id}/jobs", access: .project(.manager), createJob)
        routes.add(.GET, "/api/v1/jobs/{id}", access: .job(.member(.annotator)), showJob)
        routes.add(.POST, "/api/v1/jobs/{id}/cancel", access: .job(.manager), cancelJob)
        routes.add(.GET, "/api/v1/jobs/{id}/stream", access: .job(.member(.annotator)), authorizeJobStream)
    }

    struct NewJob: Decodable {
        let kind: JobKind?
    }

    /// POST /api/v1/projects/{id}/jobs with `{"kind": "train"|"search", "config": {…}}`
    func createJob(_ request: Request, _ context: ProjectContext) throws -> Response {
        let body = try request.decodeJSON(NewJob.self)
        let spec = try JobSpec.requested(kind: body.kind ?? .train, config: try request.jsonMember("config"))
        if case .predict(let config) = spec { try checkDetector(config.modelVersion) }
        let job = try store.enqueueJob(projectID: context.project.id, spec: spec, priority: 0, by: context.attribution)
        return try .json(JobDTO(job), status: HTTPStatus.created)
    }

    /// A predict job needs a detector version Loupe can run: refused at once otherwise, naming why.
    private func checkDetector(_ versionID: Int64) throws {
        guard let version = try store.modelVersion(id: versionID) else {
            throw HTTPError(HTTPStatus.unprocessable, code: "invalid_field", message: "Model version #\(versionID) does not exist.",
                            field: "config.model_version")
        }
        guard version.modelType == "object-detector", version.framework == "loupe-tensor" else {
            throw HTTPError(HTTPStatus.unprocessable, code: "not_a_detector",
                            message: "\(version.modelName) v\(version.version) is not a detector (its type is \(version.modelType)): a predict job needs a version trained with \"architecture\": \"detector\".",
                            field: "config.model_version")
        }
    }

    /// GET /api/v1/projects/{id}/jobs: newest first.
    func listJobs(_ request: Request, _ context: ProjectContext) throws -> Response {
        return try .json(["jobs": try store.jobs(projectID: context.project.id, limit: 100).map { JobDTO($0) }])
    }

    /// GET /api/v1/jobs/{id}: the job with its per-epoch metrics, trials and registered version.
    func showJob(_ request: Request, _ context: JobContext) throws -> Response {
        let version = try context.job.modelVersionId.flatMap { try store.modelVersion(id: $0) }
        return try .json(JobDTO(context.job, metrics: try store.jobMetrics(jobID: context.job.id),
                                trials: try store.jobTrials(jobID: context.job.id), version: version,
                                results: context.job.kind == .batch ? try store.jobResults(jobID: context.job.id) : nil))
    }

    /// POST /api/v1/jobs/{id}/cancel
    func cancelJob(_ request: Request, _ context: JobContext) throws -> Response {
        return try .json(JobDTO(try store.requestJobCancel(jobID: context.job.id, by: context.attribution)))
    }
}
