// Finding what an MLflow call names (a model by name, a version by name and number), MLflow's
// shapes of Loupe's records, and its pages of results.
import Domain
import Foundation
import Store
import Web

extension MLflowController {
    func mlflowModel(named name: String) throws -> RegisteredModel {
        guard let model = try store.registeredModel(named: name) else {
            throw HTTPError.notFound("Registered Model with name=\(name) not found")
        }
        return model
    }

    func mlflowVersion(_ params: MLflowParams) throws -> ModelVersion {
        let model = try mlflowModel(named: try params.string("name"))
        let number = try params.version()
        guard let version = try store.modelVersion(modelID: model.id, number: number) else {
            throw HTTPError.notFound("Model Version (name=\(model.name), version=\(number)) not found")
        }
        return version
    }

    func mlflowShape(_ version: ModelVersion) throws -> MLflowModelVersion {
        let aliases = try store.aliases(modelID: version.modelId).filter { $0.value == version.version }.keys.sorted()
        return MLflowModelVersion(version, tags: try store.versionTags(versionID: version.id), aliases: aliases)
    }

    func mlflowShape(_ model: RegisteredModel) throws -> MLflowRegisteredModel {
        let latest = try latestPerStage(modelID: model.id).map(mlflowShape)
        return MLflowRegisteredModel(
            name: model.name, creationTimestamp: model.createdAt.mlflowMilliseconds,
            lastUpdatedTimestamp: model.updatedAt.mlflowMilliseconds, description: model.description,
            latestVersions: latest,
            tags: MLflowTag.list(try store.modelTags(modelID: model.id)),
            aliases: try store.aliases(modelID: model.id).sorted { $0.key < $1.key }.map { MLflowAlias(alias: $0.key, version: String($0.value)) })
    }

    /// MLflow's latest versions: the newest version in each stage (of `stages`, or of every stage),
    /// oldest first.
    func latestPerStage(modelID: Int64, stages: [ModelStage] = []) throws -> [ModelVersion] {
        var seen = Set<ModelStage>()
        return try store.modelVersions(modelID: modelID)
            .filter { (stages.isEmpty || stages.contains($0.stage)) && seen.insert($0.stage).inserted }
            .sorted { $0.version < $1.version }
    }

    /// A page of `items` from the `page_token` offset, at most `max_results` (default 100, at most
    /// 200,000: the client asks for that many model versions).
    func mlflowPage<T>(_ items: [T], _ params: MLflowParams) throws -> (page: [T], next: String?) {
        // Present but not a number is a mistake to name, not a reason to fall back to the first page.
        let limit = try params.optionalString("max_results").map { Int($0) ?? 0 } ?? 100
        guard (1...200_000).contains(limit) else {
            throw HTTPError.badRequest("max_results must be between 1 and 200000.", field: "max_results", code: "invalid_field")
        }
        let offset = try params.optionalString("page_token").map { Int($0) ?? -1 } ?? 0
        guard offset >= 0 else { throw HTTPError.badRequest("Invalid page_token.", field: "page_token", code: "invalid_field") }
        let page = Array(items.dropFirst(offset).prefix(limit))
        return (page, offset + limit < items.count ? String(offset + limit) : nil)
    }

    func mlflowFilter(_ params: MLflowParams) throws -> RegistryFilter {
        let text = try params.optionalString("filter")
        do {
            return try RegistryFilter(parsing: text)
        } catch {
            throw HTTPError.badRequest(error.message, field: "filter", code: "invalid_filter")
        }
    }
}
