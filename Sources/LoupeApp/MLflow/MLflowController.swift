// The handlers behind /api/2.0/mlflow/registered-models/… and /model-versions/…: each parses
// MLflow's parameters, calls the same store methods as Loupe's own pages, and answers MLflow's shapes.
import Domain
import Foundation
import Store
import Web

struct MLflowController: Sendable {
    let store: any RegistryStore
    let artifacts: ArtifactReader

    func addRoutes(to routes: inout RouteTable) {
        let mlflow = "/api/2.0/mlflow"
        routes.addMLflow(.POST, "\(mlflow)/registered-models/create", access: .role(.data), mlflowCreateModel)
        routes.addMLflow(.GET, "\(mlflow)/registered-models/get", access: .role(.data), mlflowGetModel)
        routes.addMLflow(.POST, "\(mlflow)/registered-models/rename", access: .role(.admin), mlflowRenameModel)
        routes.addMLflow(.PATCH, "\(mlflow)/registered-models/update", access: .role(.data), mlflowUpdateModel)
        routes.addMLflow(.DELETE, "\(mlflow)/registered-models/delete", access: .role(.admin), mlflowDeleteModel)
        routes.addMLflow(.GET, "\(mlflow)/registered-models/search", access: .role(.data), mlflowSearchModels)
        routes.addMLflow(.POST, "\(mlflow)/registered-models/get-latest-versions", access: .role(.data), mlflowLatestVersions)
        routes.addMLflow(.GET, "\(mlflow)/registered-models/get-latest-versions", access: .role(.data), mlflowLatestVersions)
        routes.addMLflow(.POST, "\(mlflow)/registered-models/set-tag", access: .role(.data), mlflowSetModelTag)
        routes.addMLflow(.DELETE, "\(mlflow)/registered-models/delete-tag", access: .role(.data), mlflowDeleteModelTag)
        routes.addMLflow(.POST, "\(mlflow)/registered-models/alias", access: .role(.admin), mlflowSetAlias)
        routes.addMLflow(.DELETE, "\(mlflow)/registered-models/alias", access: .role(.admin), mlflowDeleteAlias)
        routes.addMLflow(.GET, "\(mlflow)/registered-models/alias", access: .role(.data), mlflowVersionByAlias)
        routes.addMLflow(.POST, "\(mlflow)/model-versions/create", access: .role(.data), mlflowCreateVersion)
        routes.addMLflow(.GET, "\(mlflow)/model-versions/get", access: .role(.data), mlflowGetVersion)
        routes.addMLflow(.PATCH, "\(mlflow)/model-versions/update", access: .role(.data), mlflowUpdateVersion)
        routes.addMLflow(.DELETE, "\(mlflow)/model-versions/delete", access: .role(.admin), mlflowDeleteVersion)
        routes.addMLflow(.GET, "\(mlflow)/model-versions/search", access: .role(.data), mlflowSearchVersions)
        routes.addMLflow(.POST, "\(mlflow)/model-versions/transition-stage", access: .role(.admin), mlflowTransitionStage)
        routes.addMLflow(.POST, "\(mlflow)/model-versions/set-tag", access: .role(.data), mlflowSetVersionTag)
        routes.addMLflow(.DELETE, "\(mlflow)/model-versions/delete-tag", access: .role(.data), mlflowDeleteVersionTag)
        routes.addMLflow(.GET, "\(mlflow)/model-versions/get-download-uri", access: .role(.data), mlflowDownloadURI)
    }

    // MARK: - Registered models

    func mlflowCreateModel(_ params: MLflowParams, _ context: UserContext) throws -> Response {
        let model = try store.createRegisteredModel(name: try params.string("name"), description: try params.optionalString("description") ?? "",
                                                       tags: try params.tags(), by: context.attribution)
        return try .json(["registered_model": try mlflowShape(model)])
    }

    func mlflowGetModel(_ params: MLflowParams, _ context: UserContext) throws -> Response {
        try .json(["registered_model": try mlflowShape(try mlflowModel(named: try params.string("name")))])
    }

    func mlflowRenameModel(_ params: MLflowParams, _ context: UserContext) throws -> Response {
        let model = try mlflowModel(named: try params.string("name"))
        let renamed = try store.renameRegisteredModel(id: model.id, to: try params.string("new_name"), by: context.attribution)
        return try .json(["registered_model": try mlflowShape(renamed)])
    }

    func mlflowUpdateModel(_ params: MLflowParams, _ context: UserContext) throws -> Response {
        let model = try mlflowModel(named: try params.string("name"))
        let updated = try store.describeRegisteredModel(id: model.id, description: try params.optionalString("description") ?? "",
                                                           by: context.attribution)
        return try .json(["registered_model": try mlflowShape(updated)])
    }

    func mlflowDeleteModel(_ params: MLflowParams, _ context: UserContext) throws -> Response {
        try store.deleteRegisteredModel(id: try mlflowModel(named: try params.string("name")).id, by: context.attribution)
        return try .json([String: String]())
    }

    func mlflowSearchModels(_ params: MLflowParams, _ context: UserContext) throws -> Response {
        let filter = try mlflowFilter(params)
        let models = try store.modelSummaries().map(\.model).filter { model in
            filter.matches(.init(name: model.name, tags: try store.modelTags(modelID: model.id)))
        }
        let (page, next) = try mlflowPage(models, params)
        struct Answer: Encodable { let registeredModels: [MLflowRegisteredModel]; let nextPageToken: String? }
        return try .json(Answer(registeredModels: try page.map(mlflowShape), nextPageToken: next))
    }

    func mlflowLatestVersions(_ params: MLflowParams, _ context: UserContext) throws -> Response {
        let model = try mlflowModel(named: try params.string("name"))
        let wanted = try params.strings("stages").map { raw in
            guard let stage = ModelStage(loosely: raw) else {
                throw HTTPError.badRequest("Invalid Model Version stage: \(raw).", field: "stages", code: "invalid_field")
            }
            return stage
        }
        return try .json(["model_versions": try latestPerStage(modelID: model.id, stages: wanted).map(mlflowShape)])
    }

    func mlflowSetModelTag(_ params: MLflowParams, _ context: UserContext) throws -> Response {
        try store.setModelTag(modelID: try mlflowModel(named: try params.string("name")).id, key: try params.string("key"),
                                 value: try params.optionalString("value") ?? "", by: context.attribution)
        return try .json([String: String]())
    }

    func mlflowDeleteModelTag(_ params: MLflowParams, _ context: UserContext) throws -> Response {
        try store.deleteModelTag(modelID: try mlflowModel(named: try params.string("name")).id, key: try params.string("key"),
                                    by: context.attribution)
        return try .json([String: String]())
    }

    // MARK: - Aliases

    func mlflowSetAlias(_ params: MLflowParams, _ context: UserContext) throws -> Response {
        let version = try mlflowVersion(params)
        try store.setAlias(try params.string("alias"), versionID: version.id, by: context.attribution)
        return try .json([String: String]())
    }

    func mlflowDeleteAlias(_ params: MLflowParams, _ context: UserContext) throws -> Response {
        let model = try mlflowModel(named: try params.string("name"))
        try store.deleteAlias(try params.string("alias"), modelID: model.id, by: context.attribution)
        return try .json([String: String]())
    }

    func mlflowVersionByAlias(_ params: MLflowParams, _ context: UserContext) throws -> Response {
        let model = try mlflowModel(named: try params.string("name"))
        let alias = try params.string("alias")
        guard let number = try store.aliases(modelID: model.id)[alias],
              let version = try store.modelVersion(modelID: model.id, number: number) else {
            throw HTTPError.notFound("Registered model alias \(alias) not found.")
        }
        return try .json(["model_version": try mlflowShape(version)])
    }

    // MARK: - Model versions

    func mlflowCreateVersion(_ params: MLflowParams, _ context: UserContext) throws -> Response {
        let model = try mlflowModel(named: try params.string("name"))
        let version = try store.registerExternalVersion(ExternalVersion(
            modelName: model.name, artifact: nil, framework: "mlflow", modelType: "unknown", source: "external",
            sourceReference: try params.string("source"), description: try params.optionalString("description") ?? ""),
            by: context.attribution)
        for (key, value) in try params.tags() { try store.setVersionTag(versionID: version.id, key: key, value: value, by: context.attribution) }
        return try .json(["model_version": try mlflowShape(version)])
    }

    func mlflowGetVersion(_ params: MLflowParams, _ context: UserContext) throws -> Response {
        try .json(["model_version": try mlflowShape(try mlflowVersion(params))])
    }

    func mlflowUpdateVersion(_ params: MLflowParams, _ context: UserContext) throws -> Response {
        let version = try store.describeModelVersion(id: try mlflowVersion(params).id, description: try params.optionalString("description") ?? "",
                                                        by: context.attribution)
        return try .json(["model_version": try mlflowShape(version)])
    }

    func mlflowDeleteVersion(_ params: MLflowParams, _ context: UserContext) throws -> Response {
        try store.deleteModelVersion(id: try mlflowVersion(params).id, by: context.attribution)
        return try .json([String: String]())
    }

    func mlflowSearchVersions(_ params: MLflowParams, _ context: UserContext) throws -> Response {
        let filter = try mlflowFilter(params)
        var matching: [ModelVersion] = []
        for summary in try store.modelSummaries() {
            for version in try store.modelVersions(modelID: summary.model.id) where filter.matches(.init(
                name: version.modelName, tags: try store.versionTags(versionID: version.id),
                source: version.sourceReference, versionNumber: version.version)) {
                matching.append(version)
            }
        }
        let (page, next) = try mlflowPage(matching, params)
        struct Answer: Encodable { let modelVersions: [MLflowModelVersion]; let nextPageToken: String? }
        return try .json(Answer(modelVersions: try page.map(mlflowShape), nextPageToken: next))
    }

    /// Loupe's stage rules apply: admins only, the artifact is checked before Production.
    func mlflowTransitionStage(_ params: MLflowParams, _ context: UserContext) throws -> Response {
        guard let stage = ModelStage(loosely: try params.string("stage")) else {
            throw HTTPError.badRequest("Invalid Model Version stage: \(try params.optionalString("stage") ?? "").", field: "stage", code: "invalid_field")
        }
        let versionID = try mlflowVersion(params).id
        let moved = try store.transitionStage(
            versionID: versionID, to: stage, archiveExisting: try params.flag("archive_existing_versions"),
            reason: "through the MLflow API", by: context.attribution,
            artifact: try artifacts.reading(versionID: versionID, movingTo: stage))
        return try .json(["model_version": try mlflowShape(moved)])
    }

    func mlflowSetVersionTag(_ params: MLflowParams, _ context: UserContext) throws -> Response {
        try store.setVersionTag(versionID: try mlflowVersion(params).id, key: try params.string("key"),
                                   value: try params.optionalString("value") ?? "", by: context.attribution)
        return try .json([String: String]())
    }

    func mlflowDeleteVersionTag(_ params: MLflowParams, _ context: UserContext) throws -> Response {
        try store.deleteVersionTag(versionID: try mlflowVersion(params).id, key: try params.string("key"), by: context.attribution)
        return try .json([String: String]())
    }

    func mlflowDownloadURI(_ params: MLflowParams, _ context: UserContext) throws -> Response {
        let version = try mlflowVersion(params)
        let uri = version.artifactPath == nil ? version.sourceReference : "/api/v1/models/versions/\(version.id)/artifact"
        return try .json(["artifact_uri": uri])
    }
}
