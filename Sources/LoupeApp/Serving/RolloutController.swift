// A model's deployment over the API: switching it off and on, its rollouts (started by admins,
// requested by the data team), their moves, and served usage.
import Domain
import Foundation
import Store
import Web

struct RolloutController: Sendable {
    let store: any ServingStore
    let artifacts: ArtifactReader
    let supervisor: RolloutSupervisor

    func addRoutes(to routes: inout RouteTable) {
        routes.add(.GET, "/api/v1/models/{id}/deployment", access: .role(.data), showDeployment)
        routes.add(.PUT, "/api/v1/models/{id}/deployment", access: .role(.admin), switchDeployment)
        routes.add(.GET, "/api/v1/models/{id}/usage", access: .role(.data), showUsage)
        routes.add(.GET, "/api/v1/models/{id}/rollouts", access: .role(.data), listRollouts)
        routes.add(.POST, "/api/v1/models/{id}/rollouts", access: .role(.data), proposeRollout)
        routes.add(.GET, "/api/v1/rollouts/{id}", access: .role(.data), showRollout)
        for action in RolloutAction.allCases {
            routes.add(.POST, "/api/v1/rollouts/{id}/\(action.rawValue)", access: .role(.admin)) { request, context in
                try commandRollout(request, context, action: action)
            }
        }
    }

    struct Switch: Decodable {
        let enabled: Bool
        let reason: String
    }

    struct Comment: Decodable {
        let reason: String?
    }

    /// GET /api/v1/models/{id}/deployment: switched on or off, what answers, the rollout and its readings.
    func showDeployment(_ request: Request, _ context: UserContext) throws -> Response {
        try .json(try deploymentDTO(try model(request)))
    }

    /// PUT /api/v1/models/{id}/deployment `{"enabled": false, "reason": "…"}` (admins)
    func switchDeployment(_ request: Request, _ context: UserContext) throws -> Response {
        let model = try model(request)
        let body = try request.decodeJSON(Switch.self)
        _ = try store.setDeploymentEnabled(modelID: model.id, enabled: body.enabled, reason: body.reason, by: context.attribution)
        return try .json(try deploymentDTO(model))
    }

    /// GET /api/v1/models/{id}/usage?hours=24: per version and arm, and requests per minute.
    func showUsage(_ request: Request, _ context: UserContext) throws -> Response {
        let model = try model(request)
        let hours = Int(try request.queryInteger("hours", in: 1...720, default: 24))
        let since = Date().addingTimeInterval(-Double(hours) * 3600)
        return try .json(UsageDTO(since: since, versions: try store.serveUsage(modelID: model.id, since: since).map(UsageSummaryDTO.init),
                                  minutes: try store.serveUsageSeries(modelID: model.id, since: since).map(UsagePointDTO.init)))
    }

    func listRollouts(_ request: Request, _ context: UserContext) throws -> Response {
        try .json(["rollouts": try store.rollouts(modelID: try model(request).id).map { RolloutDTO($0) }])
    }

    /// POST /api/v1/models/{id}/rollouts: an admin's starts at once; the data team's waits for an admin.
    func proposeRollout(_ request: Request, _ context: UserContext) throws -> Response {
        let model = try model(request)
        let proposal = try RolloutProposal.decode(try request.jsonBody())
        let made = try store.createRollout(modelID: model.id, proposal: proposal, start: context.principal.has(.admin), by: context.attribution)
        return try .json(try rolloutDTO(made), status: HTTPStatus.created)
    }

    func showRollout(_ request: Request, _ context: UserContext) throws -> Response {
        try .json(try rolloutDTO(try rollout(request)))
    }

    /// POST /api/v1/rollouts/{id}/{start|reject|pause|resume|rollback|finish} (admins), optional `{"reason"}`.
    func commandRollout(_ request: Request, _ context: UserContext, action: RolloutAction) throws -> Response {
        let rollout = try rollout(request)
        let reason = (request.body.isEmpty ? nil : try request.decodeJSON(Comment.self).reason)?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return try .json(try rolloutDTO(try action.perform(on: rollout, reason: reason, context, store: store, artifacts: artifacts)))
    }

    // MARK: - Pieces

    func deploymentDTO(_ model: RegisteredModel) throws -> DeploymentDTO {
        let target = try store.servingTarget(modelName: model.name, alias: nil)
        let active = try store.rollouts(modelID: model.id).first { $0.state.isActive }
        return DeploymentDTO(modelId: model.id, modelName: model.name, enabled: target?.enabled ?? true,
                             reason: target?.deployment?.reason, changedBy: target?.deployment?.changedByName,
                             changedAt: target?.deployment?.changedAt, productionVersion: target?.stable?.version,
                             endpoint: "/api/v1/serve/\(model.name)/predict", rollout: try active.map(rolloutDTO))
    }

    func rolloutDTO(_ rollout: Rollout) throws -> RolloutDTO {
        let verdict = rollout.state.servesCandidate ? try supervisor.verdict(for: rollout) : nil
        return RolloutDTO(rollout, events: try store.rolloutEvents(rolloutID: rollout.id), verdict: verdict)
    }

    private func model(_ request: Request) throws -> RegisteredModel {
        guard let model = try store.registeredModel(id: try request.intParameter("id")) else { throw HTTPError.notFound("No such model.") }
        return model
    }

    private func rollout(_ request: Request) throws -> Rollout {
        guard let rollout = try store.rollout(id: try request.intParameter("id")) else { throw HTTPError.notFound("No such rollout.") }
        return rollout
    }
}
