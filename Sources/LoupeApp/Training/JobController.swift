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
        let job = try store.enqueueJob(projectID: context.project.id, spec: spec, priority: 0, by: context.attribution)
        return try .json(JobDTO(job), status: HTTPStatus.created)
    }

    /// GET /api/v1/projects/{id}/jobs: newest first.
    func listJobs(_ request: Request, _ context: ProjectContext) throws -> Response {
        return try .json(["jobs": try store.jobs(projectID: context.project.id, limit: 100).map { JobDTO($0) }])
    }

    /// GET /api/v1/jobs/{id}: the job with its per-epoch metrics, trials and registered version.
    func showJob(_ request: Request, _ context: JobContext) throws -> Response {
        let version = try context.job.modelVersionId.flatMap { try store.modelVersion(id: $0) }
        return try .json(JobDTO(context.job, metrics: try store.jobMetrics(jobID: context.job.id),
                                trials: try store.jobTrials(jobID: context.job.id), version: version))
    }

    /// POST /api/v1/jobs/{id}/cancel
    func cancelJob(_ request: Request, _ context: JobContext) throws -> Response {
        return try .json(JobDTO(try store.requestJobCancel(jobID: context.job.id, by: context.attribution)))
    }
}
