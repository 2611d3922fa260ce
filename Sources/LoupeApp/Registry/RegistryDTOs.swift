// The JSON shapes of the registry API beside ModelVersionDTO: model summaries, a model with its
// versions, stage history and promotion requests.
import Domain
import Foundation
import Store

struct ModelSummaryDTO: Encodable {
    let id: Int64
    let name: String
    let description: String
    let versionCount: Int
    let latestVersion: Int?
    let productionVersions: [Int]
    let stagingVersions: [Int]
    let updatedAt: Date

    init(_ s: ModelSummary) {
        id = s.model.id
        name = s.model.name
        description = s.model.description
        versionCount = s.versionCount
        latestVersion = s.latestVersion
        productionVersions = s.productionVersions
        stagingVersions = s.stagingVersions
        updatedAt = s.model.updatedAt
    }
}

struct ModelDTO: Encodable {
    let id: Int64
    let name: String
    let description: String
    let createdAt: Date
    let updatedAt: Date
    let versions: [ModelVersionDTO]
    let aliases: [String: Int]

    init(model: RegisteredModel, versions: [ModelVersionDTO], aliases: [String: Int]) {
        id = model.id
        name = model.name
        description = model.description
        createdAt = model.createdAt
        updatedAt = model.updatedAt
        self.versions = versions
        self.aliases = aliases
    }
}

struct TransitionDTO: Encodable {
    let fromStage: ModelStage
    let toStage: ModelStage
    let username: String
    let at: Date
    let reason: String
    let archivedVersions: [Int]
    let requestId: Int64?

    init(_ t: StageTransition) {
        fromStage = t.from
        toStage = t.to
        username = t.username
        at = t.at
        reason = t.reason
        archivedVersions = t.archivedVersions
        requestId = t.requestId
    }
}

struct RequestDTO: Encodable {
    let id: Int64
    let versionId: Int64
    let toStage: ModelStage
    let archiveExisting: Bool
    let reason: String
    let requestedBy: String
    let requestedAt: Date
    let state: String
    let decidedBy: String?
    let decidedAt: Date?
    let decisionComment: String?

    init(_ r: TransitionRequest) {
        id = r.id
        versionId = r.versionId
        toStage = r.toStage
        archiveExisting = r.archiveExisting
        reason = r.reason
        requestedBy = r.requestedByName
        requestedAt = r.requestedAt
        state = r.state.rawValue
        decidedBy = r.decidedByName
        decidedAt = r.decidedAt
        decisionComment = r.decisionComment
    }
}

struct HistoryDTO: Encodable {
    let transitions: [TransitionDTO]
    let requests: [RequestDTO]
}
