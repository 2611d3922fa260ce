// Training jobs over the API: the data team queues and cancels; project members watch.
import Domain
import Store
import Web

extension AppContext {
    struct NewJob: Decodable {
        let kind: JobKind?
    }

    /// POST /api/v1/projects/{id}/jobs with `{"kind": "train"|"search", "config": {…}}`
    func createJob(_ request: Request) throws -> Response {
        let principal = try require(request, role: .data)
        let project = try visibleProject(request, principal)
        let kind = try request.decodeJSON(NewJob.self).kind ?? .train
        var config = try TrainingConfig.fromJobBody(request.body)
        if kind == .search, config.search == nil { config.search = .init() }
        let job = try database.enqueueJob(projectID: project.id, kind: kind, config: config, by: principal.attribution(request))
        return try .json(JobDTO(job), status: HTTPStatus.created)
    }

    /// GET /api/v1/projects/{id}/jobs: newest first.
    func listJobs(_ request: Request) throws -> Response {
        let project = try visibleProject(request, try require(request))
        return try .json(["jobs": try database.jobs(projectID: project.id).map { JobDTO($0) }])
    }

    /// GET /api/v1/jobs/{id}: the job with its per-epoch metrics, trials and registered version.
    func showJob(_ request: Request) throws -> Response {
        let principal = try require(request)
        let job = try visibleJob(request, principal)
        let version = try job.modelVersionId.flatMap { try database.modelVersion(id: $0) }
        return try .json(JobDTO(job, metrics: try database.jobMetrics(jobID: job.id),
                                trials: try database.jobTrials(jobID: job.id), version: version))
    }

    /// POST /api/v1/jobs/{id}/cancel
    func cancelJob(_ request: Request) throws -> Response {
        let principal = try require(request, role: .data)
        let job = try visibleJob(request, principal)
        return try .json(JobDTO(try database.requestJobCancel(jobID: job.id, by: principal.attribution(request))))
    }

    /// The job, if its project is visible to the principal; otherwise 404 (its existence is not revealed).
    func visibleJob(_ request: Request, _ principal: Principal) throws -> Job {
        guard let job = try database.job(id: try request.intParameter("id")),
              try database.visibleProject(id: job.projectId, for: principal.user) != nil else {
            throw HTTPError.notFound("No such job.")
        }
        return job
    }
}
