// The model registry: models, versions, stages and their history, aliases, tags, and promotion requests.
import Domain
import Foundation

/// The registry, its pages and the MLflow API's view of the store.
public protocol RegistryStore: Sendable {
    /// Every registered model by name, with its Production and Staging version numbers.
    func modelSummaries() throws -> [ModelSummary]
    func registeredModel(named name: String) throws -> RegisteredModel?
    func registeredModel(id: Int64) throws -> RegisteredModel?
    /// A new, empty registered model; `duplicate` when the name is taken.
    func createRegisteredModel(name rawName: String, description: String, tags: [String: String], by who: Attribution) throws -> RegisteredModel
    func renameRegisteredModel(id: Int64, to rawName: String, by who: Attribution) throws -> RegisteredModel
    func describeRegisteredModel(id: Int64, description: String, by who: Attribution) throws -> RegisteredModel
    /// Deletes the model with its versions, their history and aliases (artifact files stay on disk).
    func deleteRegisteredModel(id: Int64, by who: Attribution) throws
    /// A model's versions, newest first.
    func modelVersions(modelID: Int64) throws -> [ModelVersion]
    func modelVersion(modelID: Int64, number: Int) throws -> ModelVersion?
    func modelVersion(id: Int64) throws -> ModelVersion?
    /// Adds the next version of `modelName` (creating the model) for an uploaded file or an external reference.
    func registerExternalVersion(_ external: ExternalVersion, by who: Attribution) throws -> ModelVersion
    func describeModelVersion(id: Int64, description: String, by who: Attribution) throws -> ModelVersion
    func deleteModelVersion(id: Int64, by who: Attribution) throws
    /// The model's versions now in `stage`, newest first.
    func versions(modelID: Int64, in stage: ModelStage) throws -> [ModelVersion]
    /// Moves a version to `target`. Refuses moves the stage rules forbid; a version with an artifact
    /// enters Production only when `artifact` (read and hashed before this call) has the recorded
    /// sha256 and is still unchanged. With `archiveExisting`, the model's other versions in `target`
    /// move to Archived in the same transaction.
    func transitionStage(versionID: Int64, to target: ModelStage, archiveExisting: Bool, reason rawReason: String, by who: Attribution, artifact: ArtifactReading?) throws -> ModelVersion
    func stageHistory(versionID: Int64) throws -> [StageTransition]
    /// Someone without the right to move stages asks an admin to; the request waits as pending.
    func requestTransition(versionID: Int64, to target: ModelStage, archiveExisting: Bool, reason rawReason: String, by who: Attribution) throws -> TransitionRequest
    func transitionRequest(id: Int64) throws -> TransitionRequest?
    func transitionRequests(versionID: Int64) throws -> [TransitionRequest]
    /// Requests no admin has decided yet, oldest first, with the model and version they are about.
    func pendingTransitionRequests() throws -> [PendingTransitionRequest]
    /// An admin approves (performing the move, as one transaction with the decision) or rejects.
    func decideTransitionRequest(id: Int64, approve: Bool, comment rawComment: String, by who: Attribution, artifact: ArtifactReading?) throws -> TransitionRequest
    /// alias → version number, for one model.
    func aliases(modelID: Int64) throws -> [String: Int]
    func aliasHistory(modelID: Int64) throws -> [AliasChange]
    /// Points `alias` at the version (moving it if it pointed elsewhere) and records the move.
    func setAlias(_ alias: String, versionID: Int64, by who: Attribution) throws
    func deleteAlias(_ alias: String, modelID: Int64, by who: Attribution) throws
    func modelTags(modelID: Int64) throws -> [String: String]
    func setModelTag(modelID: Int64, key: String, value: String, by who: Attribution) throws
    func deleteModelTag(modelID: Int64, key: String, by who: Attribution) throws
    func versionTags(versionID: Int64) throws -> [String: String]
    func setVersionTag(versionID: Int64, key: String, value: String, by who: Attribution) throws
    func deleteVersionTag(versionID: Int64, key: String, by who: Attribution) throws
}

extension AppDatabase: RegistryStore {}
