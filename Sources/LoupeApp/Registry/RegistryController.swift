// The registry's JSON API for scripts: models, versions, stage moves, aliases, requests, artifacts.
import Domain
import FileStore
import Foundation
import Store
import Web

struct RegistryController: Sendable {
    let store: any RegistryStore
    let artifacts: ArtifactReader
    let registration: ModelRegistration
    let predictor: ModelPredictor

    func addRoutes(to routes: inout RouteTable) {
        routes.add(.GET, "/api/v1/models", access: .role(.data), listModels)
        routes.add(.GET, "/api/v1/models/{id}", access: .role(.data), showModel)
        routes.add(.PUT, "/api/v1/models/{id}/aliases/{alias}", access: .role(.admin), putAlias)
        routes.add(.DELETE, "/api/v1/models/{id}/aliases/{alias}", access: .role(.admin), deleteAlias)
        routes.add(.POST, "/api/v1/models/versions", access: .role(.data), options: .multipartForm, registerModelVersion)
        routes.add(.GET, "/api/v1/models/versions/{id}", access: .modelVersion, showModelVersion)
        routes.add(.GET, "/api/v1/models/versions/{id}/history", access: .role(.data), showVersionHistory)
        routes.add(.GET, "/api/v1/models/versions/{id}/artifact", access: .role(.data), downloadArtifact)
        routes.add(.POST, "/api/v1/models/versions/{id}/stage", access: .role(.admin), transitionVersion)
        routes.add(.POST, "/api/v1/models/versions/{id}/requests", access: .role(.data), requestVersionTransition)
        routes.add(.POST, "/api/v1/models/requests/{id}", access: .role(.admin), decideVersionRequest)
        routes.add(.POST, "/api/v1/models/versions/{id}/predict", access: .modelVersion, predictWithModelVersion)
    }

    struct StageChange: Decodable {
        let stage: String
        let archiveExisting: Bool?
        let reason: String?
    }

    struct AliasTarget: Decodable {
        let version: Int
    }

    struct RequestDecision: Decodable {
        let decision: String
        let comment: String?
    }

    /// GET /api/v1/models
    func listModels(_ request: Request, _ context: UserContext) throws -> Response {
        return try .json(["models": try store.modelSummaries().map(ModelSummaryDTO.init)])
    }

    /// GET /api/v1/models/{id}: the model, its versions (newest first) and aliases.
    func showModel(_ request: Request, _ context: UserContext) throws -> Response {
        let model = try registeredModel(request)
        return try .json(ModelDTO(model: model, versions: try store.modelVersions(modelID: model.id).map(ModelVersionDTO.init),
                                  aliases: try store.aliases(modelID: model.id)))
    }

    /// GET /api/v1/models/versions/{id}/history: stage moves and requests, oldest first.
    func showVersionHistory(_ request: Request, _ context: UserContext) throws -> Response {
        let id = try request.intParameter("id")
        guard try store.modelVersion(id: id) != nil else { throw HTTPError.notFound("No such model version.") }
        return try .json(HistoryDTO(transitions: try store.stageHistory(versionID: id).map(TransitionDTO.init),
                                    requests: try store.transitionRequests(versionID: id).reversed().map(RequestDTO.init)))
    }

    /// POST /api/v1/models/versions/{id}/stage with `{"stage", "archive_existing", "reason"}` (admins)
    func transitionVersion(_ request: Request, _ context: UserContext) throws -> Response {
        let body = try request.decodeJSON(StageChange.self)
        let (id, stage) = (try request.intParameter("id"), try parseStage(body.stage))
        let version = try store.transitionStage(
            versionID: id, to: stage, archiveExisting: body.archiveExisting ?? false, reason: body.reason ?? "",
            by: context.attribution, artifact: try artifacts.reading(versionID: id, movingTo: stage))
        return try .json(ModelVersionDTO(version))
    }

    /// PUT /api/v1/models/{id}/aliases/{alias} with `{"version": n}` (admins)
    func putAlias(_ request: Request, _ context: UserContext) throws -> Response {
        let model = try registeredModel(request)
        let target = try request.decodeJSON(AliasTarget.self)
        guard let version = try store.modelVersions(modelID: model.id).first(where: { $0.version == target.version }) else {
            throw HTTPError.notFound("\(model.name) has no version \(target.version).")
        }
        try store.setAlias(try request.stringParameter("alias"), versionID: version.id, by: context.attribution)
        return try .json(["aliases": try store.aliases(modelID: model.id)])
    }

    /// DELETE /api/v1/models/{id}/aliases/{alias} (admins)
    func deleteAlias(_ request: Request, _ context: UserContext) throws -> Response {
        let model = try registeredModel(request)
        try store.deleteAlias(try request.stringParameter("alias"), modelID: model.id, by: context.attribution)
        return try .json(["aliases": try store.aliases(modelID: model.id)])
    }

    /// POST /api/v1/models/versions/{id}/requests with `{"stage", "archive_existing", "reason"}` (the data team)
    func requestVersionTransition(_ request: Request, _ context: UserContext) throws -> Response {
        let body = try request.decodeJSON(StageChange.self)
        let made = try store.requestTransition(
            versionID: try request.intParameter("id"), to: try parseStage(body.stage), archiveExisting: body.archiveExisting ?? false,
            reason: body.reason ?? "", by: context.attribution)
        return try .json(RequestDTO(made), status: HTTPStatus.created)
    }

    /// POST /api/v1/models/requests/{id} with `{"decision": "approve"|"reject", "comment"}` (admins)
    func decideVersionRequest(_ request: Request, _ context: UserContext) throws -> Response {
        let body = try request.decodeJSON(RequestDecision.self)
        guard ["approve", "reject"].contains(body.decision) else {
            throw HTTPError(HTTPStatus.unprocessable, code: "invalid_field", message: "decision is approve or reject.", field: "decision")
        }
        let (id, approve) = (try request.intParameter("id"), body.decision == "approve")
        let decided = try store.decideTransitionRequest(
            id: id, approve: approve, comment: body.comment ?? "", by: context.attribution,
            artifact: try artifacts.reading(deciding: id, approve: approve))
        return try .json(RequestDTO(decided))
    }

    /// GET /api/v1/models/versions/{id}/artifact: nginx sends the file; its sha256 rides in a header.
    func downloadArtifact(_ request: Request, _ context: UserContext) throws -> Response {
        guard let version = try store.modelVersion(id: try request.intParameter("id")) else {
            throw HTTPError.notFound("No such model version.")
        }
        guard let path = version.artifactPath, let sha = version.artifactSHA256 else {
            throw HTTPError.notFound("Version \(version.version) has no artifact file.")
        }
        let fileName = FileName.asciiSlug("\(version.modelName)-v\(version.version)") + "." + (path.split(separator: ".").last.map(String.init) ?? "bin")
        return Response(status: 200, headers: [
            ("X-Accel-Redirect", artifacts.files.redirectTarget(path, artifact: true)), ("Content-Type", "application/octet-stream"),
            ("Content-Disposition", "attachment; filename=\"\(fileName)\""), ("X-Artifact-SHA256", sha),
        ])
    }

    private func registeredModel(_ request: Request) throws -> RegisteredModel {
        guard let model = try store.registeredModel(id: try request.intParameter("id")) else {
            throw HTTPError.notFound("No such model.")
        }
        return model
    }

    private func parseStage(_ raw: String) throws -> ModelStage {
        guard let stage = ModelStage(loosely: raw) else {
            throw HTTPError(HTTPStatus.unprocessable, code: "invalid_field",
                            message: "stage is one of None, Staging, Production, Archived.", field: "stage")
        }
        return stage
    }

    /// POST /api/v1/models/versions (multipart): 201 with the new version.
    func registerModelVersion(_ request: Request, _ context: UserContext) throws -> Response {
        try .json(ModelVersionDTO(try registration.register(request, context)), status: HTTPStatus.created)
    }

    /// GET /api/v1/models/versions/{id}
    func showModelVersion(_ request: Request, _ context: ModelVersionContext) throws -> Response {
        try .json(ModelVersionDTO(context.version))
    }

    /// POST /api/v1/models/versions/{id}/predict with an image as the body: class probabilities,
    /// most likely first, and the size of the embedding the model computes.
    func predictWithModelVersion(_ request: Request, _ context: ModelVersionContext) throws -> Response {
        guard !request.body.isEmpty else {
            throw HTTPError.badRequest("Send the image file as the body.", field: "file", code: "empty_file")
        }
        return try .json(try predictor.predict(context.version, image: request.body))
    }
}
