// The handlers behind /api/2.0/mlflow/registered-models/… and /model-versions/…: each parses
// MLflow's parameters, calls the same store methods as Loupe's own pages, and answers MLflow's shapes.
import Domain
import Foundation
import Store
import Web

extension AppContext {
    // MARK: - Registered models

    func mlflowCreateModel(_ params: MLflowParams, _ context: UserContext) throws -> Response {
        let model = try database.createRegisteredModel(name: try params.string("name"), description: params.optionalString("description") ?? "",
                                                       tags: params.tags(), by: context.attribution)
        return try .json(["registered_model": try mlflowShape(model)])
    }

    func mlflowGetModel(_ params: MLflowParams, _ context: UserContext) throws -> Response {
        try .json(["registered_model": try mlflowShape(try mlflowModel(named: try params.string("name")))])
    }

    func mlflowRenameModel(_ params: MLflowParams, _ context: UserContext) throws -> Response {
        let model = try mlflowModel(named: try params.string("name"))
        let renamed = try database.renameRegisteredModel(id: model.id, to: try params.string("new_name"), by: context.attribution)
        return try .json(["registered_model": try mlflowShape(renamed)])
    }

    func mlflowUpdateModel(_ params: MLflowParams, _ context: UserContext) throws -> Response {
        let model = try mlflowModel(named: try params.string("name"))
        let updated = try database.describeRegisteredModel(id: model.id, description: params.optionalString("description") ?? "",
                                                           by: context.attribution)
        return try .json(["registered_model": try mlflowShape(updated)])
    }

    func mlflowDeleteModel(_ params: MLflowParams, _ context: UserContext) throws -> Response {
        try database.deleteRegisteredModel(id: try mlflowModel(named: try params.string("name")).id, by: context.attribution)
        return try .json([String: String]())
    }

    func mlflowSearchModels(_ params: MLflowParams, _ context: UserContext) throws -> Response {
        let filter = try mlflowFilter(params)
        let models = try database.modelSummaries().map(\.model).filter { model in
            filter.matches(.init(name: model.name, tags: try database.modelTags(modelID: model.id)))
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
        try database.setModelTag(modelID: try mlflowModel(named: try params.string("name")).id, key: try params.string("key"),
                                 value: params.optionalString("value") ?? "", by: context.attribution)
        return try .json([String: String]())
    }

    func mlflowDeleteModelTag(_ params: MLflowParams, _ context: UserContext) throws -> Response {
        try database.deleteModelTag(modelID: try mlflowModel(named: try params.string("name")).id, key: try params.string("key"),
                                    by: context.attribution)
        return try .json([String: String]())
    }

    // MARK: - Aliases

    func mlflowSetAlias(_ params: MLflowParams, _ context: UserContext) throws -> Response {
        let version = try mlflowVersion(params)
        try database.setAlias(try params.string("alias"), versionID: version.id, by: context.attribution)
        return try .json([String: String]())
    }

    func mlflowDeleteAlias(_ params: MLflowParams, _ context: UserContext) throws -> Response {
        let model = try mlflowModel(named: try params.string("name"))
        try database.deleteAlias(try params.string("alias"), modelID: model.id, by: context.attribution)
        return try .json([String: String]())
    }

    func mlflowVersionByAlias(_ params: MLflowParams, _ context: UserContext) throws -> Response {
        let model = try mlflowModel(named: try params.string("name"))
        let alias = try params.string("alias")
        guard let number = try database.aliases(modelID: model.id)[alias],
              let version = try database.modelVersion(modelID: model.id, number: number) else {
            throw HTTPError.notFound("Registered model alias \(alias) not found.")
        }
        return try .json(["model_version": try mlflowShape(version)])
    }

    // MARK: - Model versions

    func mlflowCreateVersion(_ params: MLflowParams, _ context: UserContext) throws -> Response {
        let model = try mlflowModel(named: try params.string("name"))
        let version = try database.registerExternalVersion(ExternalVersion(
            modelName: model.name, artifact: nil, framework: "mlflow", modelType: "unknown", source: "external",
            sourceReference: try params.string("source"), description: params.optionalString("description") ?? ""),
            by: context.attribution)
        for (key, value) in params.tags() { try database.setVersionTag(versionID: version.id, key: key, value: value, by: context.attribution) }
        return try .json(["model_version": try mlflowShape(version)])
    }

    func mlflowGetVersion(_ params: MLflowParams, _ context: UserContext) throws -> Response {
        try .json(["model_version": try mlflowShape(try mlflowVersion(params))])
    }

    func mlflowUpdateVersion(_ params: MLflowParams, _ context: UserContext) throws -> Response {
        let version = try database.describeModelVersion(id: try mlflowVersion(params).id, description: params.optionalString("description") ?? "",
                                                        by: context.attribution)
        return try .json(["model_version": try mlflowShape(version)])
    }

    func mlflowDeleteVersion(_ params: MLflowParams, _ context: UserContext) throws -> Response {
        try database.deleteModelVersion(id: try mlflowVersion(params).id, by: context.attribution)
        return try .json([String: String]())
    }

    func mlflowSearchVersions(_ params: MLflowParams, _ context: UserContext) throws -> Response {
        let filter = try mlflowFilter(params)
        var matching: [ModelVersion] = []
        for summary in try database.modelSummaries() {
            for version in try database.modelVersions(modelID: summary.model.id) where filter.matches(.init(
                name: version.modelName, tags: try database.versionTags(versionID: version.id),
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
            throw HTTPError.badRequest("Invalid Model Version stage: \(params.optionalString("stage") ?? "").", field: "stage", code: "invalid_field")
        }
        let versionID = try mlflowVersion(params).id
        let moved = try database.transitionStage(
            versionID: versionID, to: stage, archiveExisting: params.flag("archive_existing_versions"),
            reason: "through the MLflow API", by: context.attribution,
            artifact: try artifactReading(versionID: versionID, movingTo: stage))
        return try .json(["model_version": try mlflowShape(moved)])
    }

    func mlflowSetVersionTag(_ params: MLflowParams, _ context: UserContext) throws -> Response {
        try database.setVersionTag(versionID: try mlflowVersion(params).id, key: try params.string("key"),
                                   value: params.optionalString("value") ?? "", by: context.attribution)
        return try .json([String: String]())
    }

    func mlflowDeleteVersionTag(_ params: MLflowParams, _ context: UserContext) throws -> Response {
        try database.deleteVersionTag(versionID: try mlflowVersion(params).id, key: try params.string("key"), by: context.attribution)
        return try .json([String: String]())
    }

    func mlflowDownloadURI(_ params: MLflowParams, _ context: UserContext) throws -> Response {
        let version = try mlflowVersion(params)
        let uri = version.artifactPath == nil ? version.sourceReference : "/api/v1/models/versions/\(version.id)/artifact"
        return try .json(["artifact_uri": uri])
    }
}
