// The model page's serving forms (their access rule is on the route): switch the endpoint, start or
// request a rollout, move one, queue batch predictions. Each answers 303 back to the page's Serving
// section, or the page again with the problem and the form as it was sent.
import Domain
import Foundation
import Store
import Web

extension RegistryPagesController {
    func addServingRoutes(to routes: inout RouteTable) {
        routes.add(.POST, "/admin/models/{id}/deployment", access: .role(.admin), options: .page, switchDeploymentFromPage)
        routes.add(.POST, "/admin/models/{id}/rollouts", access: .role(.data), options: .page, proposeRolloutFromPage)
        routes.add(.POST, "/admin/models/{id}/batch", access: .role(.data), options: .page, queueBatchFromPage)
        for action in RolloutAction.allCases {
            routes.add(.POST, "/admin/rollouts/{id}/\(action.rawValue)", access: .role(.admin), options: .page) { request, context in
                try commandRolloutFromPage(request, context, action: action)
            }
        }
    }

    /// The Serving section for the model page.
    func servingPanel(_ principal: Principal, model: RegisteredModel, versions: [ModelVersion], draft: FormFields?) throws -> ServingPanel {
        let rollouts = try serving.rollouts(modelID: model.id)
        let active = rollouts.first { $0.state.isActive }
        return ServingPanel(
            model: model, principal: principal, target: try serving.servingTarget(modelName: model.name, alias: nil), rollouts: rollouts,
            events: try active.map { [$0.id: try serving.rolloutEvents(rolloutID: $0.id)] } ?? [:],
            verdict: try active.flatMap { $0.state.servesCandidate ? try supervisor.verdict(for: $0) : nil },
            versions: versions, projects: try serving.visibleProjects(for: principal.user, includeArchived: false), draft: draft)
    }

    /// POST /admin/models/{id}/deployment with enabled=0|1 and a reason (admins)
    func switchDeploymentFromPage(_ request: Request, _ context: UserContext) throws -> Response {
        let (model, form) = (try registeredModel(request), try request.formFields())
        return try PageLayout.handleForm({ try renderModelPage(context.principal, model, error: $0, draft: form) }) {
            let on = form["enabled"] == "1"
            _ = try serving.setDeploymentEnabled(modelID: model.id, enabled: on, reason: form["reason"] ?? "", by: context.attribution)
            return backToServing(model, done: on ? "switched on" : "switched off")
        }
    }

    /// POST /admin/models/{id}/rollouts: the plan from the form; admins start it, the data team requests it.
    func proposeRolloutFromPage(_ request: Request, _ context: UserContext) throws -> Response {
        let (model, form) = (try registeredModel(request), try request.formFields())
        return try PageLayout.handleForm({ try renderModelPage(context.principal, model, error: $0, draft: form) }) {
            let proposal = try RolloutProposal.decode(try Self.proposalJSON(form))
            let made = try serving.createRollout(modelID: model.id, proposal: proposal, start: context.principal.has(.admin), by: context.attribution)
            return backToServing(model, done: made.state == .requested ? "rollout #\(made.id) sent to the admins" : "rollout #\(made.id) started")
        }
    }

    /// POST /admin/rollouts/{id}/{start|reject|pause|resume|rollback|finish} (admins)
    func commandRolloutFromPage(_ request: Request, _ context: UserContext, action: RolloutAction) throws -> Response {
        guard let rollout = try serving.rollout(id: try request.intParameter("id")),
              let model = try store.registeredModel(id: rollout.modelId) else { throw HTTPError.notFound("No such rollout.") }
        let form = try request.formFields()
        return try PageLayout.handleForm({ try renderModelPage(context.principal, model, error: $0) }) {
            let after = try action.perform(on: rollout, reason: (form["reason"] ?? "").trimmingCharacters(in: .whitespaces), context,
                                           store: serving, artifacts: artifacts)
            return backToServing(model, done: "rollout #\(rollout.id) \(after.state.rawValue.replacingOccurrences(of: "_", with: " "))")
        }
    }

    /// POST /admin/models/{id}/batch with project_id and status: a batch job over the project's images
    /// with the model's Production version; 303 to the job's page.
    func queueBatchFromPage(_ request: Request, _ context: UserContext) throws -> Response {
        let (model, form) = (try registeredModel(request), try request.formFields())
        return try PageLayout.handleForm({ try renderModelPage(context.principal, model, error: $0) }) {
            guard let projectID = Int64(form["project_id"] ?? ""),
                  try serving.visibleProjects(for: context.principal.user, includeArchived: false).contains(where: { $0.id == projectID }) else {
                throw HTTPError(HTTPStatus.unprocessable, code: "invalid_field", message: "Choose a project.", field: "project_id")
            }
            let status = (form["status"] ?? "").isEmpty ? nil : ImageStatus(rawValue: form["status"] ?? "")
            let job = try serving.enqueueJob(projectID: projectID, spec: .batch(BatchConfig(model: model.name, source: .project, status: status)),
                                             priority: 0, by: context.attribution)
            return .redirect(to: "/job.html?id=\(job.id)")
        }
    }

    private func registeredModel(_ request: Request) throws -> RegisteredModel {
        guard let model = try store.registeredModel(id: try request.intParameter("id")) else { throw HTTPError.notFound("No such model.") }
        return model
    }

    private func backToServing(_ model: RegisteredModel, done: String) -> Response {
        .redirect(to: "/admin/models/\(model.id)?done=\(FormFields.encodeComponent(done))#serving")
    }

    /// The rollout form as the API's JSON body: steps "5, 25, 50" → [5, 25, 50]; percentages to
    /// fractions; empty guardrails turned off (null).
    static func proposalJSON(_ form: FormFields) throws -> Data {
        func number(_ name: String) -> Any? {
            let text = (form[name] ?? "").trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { return nil }
            return Double(text).map { $0 as Any } ?? text  // a word stays a word, so the decoder names the field
        }
        func percent(_ name: String) -> Any? { number(name).map { ($0 as? Double).map { $0 / 100 } ?? $0 } }
        let steps: [Any] = (form["steps"] ?? "").split(whereSeparator: { $0 == "," || $0 == " " || $0 == "→" })
            .map { Double($0).map { $0 as Any } ?? String($0) }
        // An empty field leaves a guardrail at its default (a missing key), or turns it off (null) where
        // it is on by default.
        var guardrails: [String: Any] = [:]
        guardrails["max_error_rate"] = percent("max_error_rate")
        guardrails["max_p99_ms"] = number("max_p99_ms") ?? NSNull()
        guardrails["min_mean_confidence"] = percent("min_mean_confidence")
        guardrails["max_disagreement"] = percent("max_disagreement") ?? NSNull()
        guardrails["max_drift_psi"] = number("max_drift_psi")
        guardrails["min_requests"] = number("min_requests")
        var body: [String: Any] = ["guardrails": guardrails, "steps": steps, "reason": form["reason"] ?? ""]
        if let version = number("candidate_version") { body["candidate_version"] = version }
        if let mode = form["mode"], !mode.isEmpty { body["mode"] = mode }
        if let dwell = number("dwell_seconds") { body["dwell_seconds"] = dwell }
        return try JSONSerialization.data(withJSONObject: body)
    }
}
