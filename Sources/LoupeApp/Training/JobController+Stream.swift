// GET /api/v1/jobs/{id}/stream: a job's live events. nginx sends this path to the event process
// (loupe-events), which streams many jobs to many clients from one thread; the worker's router only
// decides who may follow the job, so the rule lives in the route table with every other one. The
// event process runs this same route in-process: 204 means "stream it", anything else is the refusal.
import Web

extension JobController {
    func authorizeJobStream(_ request: Request, _ context: JobContext) throws -> Response {
        return Response(status: HTTPStatus.noContent)
    }
}
