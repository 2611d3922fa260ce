// Stage moves, aliases and requests on a real SQLite file: rules, history, archive-existing, approvals.
import Domain
import Foundation
import Testing
@testable import Store

@Suite struct RegistryStoreTests {
    let database: AppDatabase
    let versions: [ModelVersion]
    let admin = Attribution(userID: nil, username: "ada", remoteAddress: "x")
    let dana = Attribution(userID: nil, username: "dana", remoteAddress: "x")
    /// A reading of the versions' artifact with its recorded sha256 ("abc"), unchanged since.
    let accept = ArtifactReading(sha256: "abc") { true }

    /// Three trained versions of one model.
    init() throws {
        let database = try AppDatabase.openTemporary()
        let project = try database.createProject(name: "Birds", description: "", by: .commandLine)
        versions = try (0..<3).map { _ in
            let job = try database.enqueueJob(projectID: project.id, spec: .train(TrainingConfig()), by: .commandLine)
            _ = try database.claimNextJob(owner: "t", leaseSeconds: 30)
            return try #require(try database.completeTrainingJob(
                lease: JobLease(jobID: job.id, owner: "t", attempt: 1),
                version: TrainedVersion(modelName: "Birds", artifactPath: "models/x.loupe", artifactSHA256: "abc", artifactSize: 1,
                                        metrics: "{}", parameters: "{}", evaluation: "{}", labels: "[]", snapshotId: nil, description: ""),
                message: "ok"))
        }
        self.database = database
    }

    private func stage(_ index: Int) throws -> String { try database.modelVersion(id: versions[index].id)!.stage.rawValue }

    @Test func transitionsFollowTheRulesAndKeepHistory() throws {
        let v1 = versions[0].id
        // A move needs a reason, and a move to the stage it is in is refused
        #expect(throws: StoreError.self) {
            try database.transitionStage(versionID: v1, to: .staging, archiveExisting: false, reason: " ", by: admin, artifact: accept)
        }
        #expect(throws: StoreError.invalid(field: "stage", message: "The version is already in None.")) {
            try database.transitionStage(versionID: v1, to: .none, archiveExisting: false, reason: "r", by: admin, artifact: accept)
        }
        // None → Staging → Production → Archived, each recorded with who and why
        for target in [ModelStage.staging, .production, .archived] {
            _ = try database.transitionStage(versionID: v1, to: target, archiveExisting: false, reason: "to \(target.rawValue)",
                                             by: admin, artifact: accept)
        }
        // An archived version cannot jump straight back to Production
        #expect(throws: StoreError.self) {
            try database.transitionStage(versionID: v1, to: .production, archiveExisting: false, reason: "back", by: admin, artifact: accept)
        }
        let history = try database.stageHistory(versionID: v1)
        #expect(history.map(\.from) == [ModelStage.none, .staging, .production])
        #expect(history.map(\.to) == [.staging, .production, .archived])
        #expect(history.map(\.reason) == ["to Staging", "to Production", "to Archived"])
        #expect(history.allSatisfy { $0.username == "ada" })
    }

    @Test func enteringProductionRequiresTheArtifactCheck() throws {
        let v1 = versions[0].id
        // When the artifact read before the move is missing, has another digest, or changed since it was read,
        // the version stays where it was and nothing is recorded
        let refusals: [(ArtifactReading?, StoreError)] = [
            (nil, .artifactMissing(version: 1)), (.missing, .artifactMissing(version: 1)),
            (ArtifactReading(sha256: "def") { true }, .artifactMismatch(version: 1, recorded: "abc", found: "def")),
            (ArtifactReading(sha256: "abc") { false }, .artifactChanged(version: 1)),
        ]
        for (reading, refusal) in refusals {
            #expect(throws: refusal) {
                try database.transitionStage(versionID: v1, to: .production, archiveExisting: false, reason: "ship", by: admin, artifact: reading)
            }
        }
        #expect(try stage(0) == "None")
        #expect(try database.stageHistory(versionID: v1).isEmpty)
        // Other stages do not check it
        _ = try database.transitionStage(versionID: v1, to: .staging, archiveExisting: false, reason: "try", by: admin, artifact: nil)
    }

    @Test func archiveExistingLeavesExactlyOneVersionInTheStage() throws {
        // Given v1 and v2 in Production (without archiving)
        for index in 0..<2 {
            _ = try database.transitionStage(versionID: versions[index].id, to: .production, archiveExisting: false,
                                             reason: "ship", by: admin, artifact: accept)
        }
        #expect(try database.versions(modelID: versions[0].modelId, in: .production).count == 2)
        // When v3 moves there archiving the others
        _ = try database.transitionStage(versionID: versions[2].id, to: .production, archiveExisting: true, reason: "replace",
                                         by: admin, artifact: accept)
        // Then only v3 is in Production, and the others' history says why they were archived
        #expect(try database.versions(modelID: versions[0].modelId, in: .production).map(\.version) == [3])
        #expect(try [stage(0), stage(1)] == ["Archived", "Archived"])
        #expect(try database.stageHistory(versionID: versions[2].id).last?.archivedVersions == [1, 2])
        #expect(try database.stageHistory(versionID: versions[0].id).last?.reason == "archived: version 3 moved to Production")
    }

    @Test func concurrentPromotionsNeverLeaveTwoInProduction() throws {
        // Given two connections promoting different versions at once, both archiving the others
        let (path, ids, admin) = (database.path, versions.map(\.id), admin)
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            let connection = try! AppDatabase.openShared(path: path)
            func move(_ target: ModelStage, archiving: Bool) {
                _ = try! connection.transitionStage(versionID: ids[index], to: target, archiveExisting: archiving,
                                                    reason: "race", by: admin, artifact: ArtifactReading(sha256: "abc") { true })
            }
            for _ in 0..<10 {
                move(.production, archiving: true)
                move(.staging, archiving: false)
            }
            move(.production, archiving: true)
        }
        #expect(try database.versions(modelID: versions[0].modelId, in: .production).count == 1)
    }

    @Test func aliasesMoveWithHistory() throws {
        let model = versions[0].modelId
        try database.setAlias("champion", versionID: versions[0].id, by: admin)
        try database.setAlias("champion", versionID: versions[1].id, by: admin)
        try database.setAlias("candidate", versionID: versions[2].id, by: dana)
        #expect(try database.aliases(modelID: model) == ["candidate": 3, "champion": 2])
        try database.deleteAlias("candidate", modelID: model, by: admin)
        #expect(try database.aliases(modelID: model) == ["champion": 2])
        let history = try database.aliasHistory(modelID: model)
        #expect(history.map(\.alias) == ["champion", "champion", "candidate", "candidate"])
        #expect(history.map(\.version) == [1, 2, 3, nil])
        #expect(history.map(\.previousVersion) == [nil, 1, nil, 3])
        #expect(throws: StoreError.self) { try database.setAlias("latest", versionID: versions[0].id, by: admin) }
        #expect(throws: StoreError.notFound(entity: "alias")) { try database.deleteAlias("nope", modelID: model, by: admin) }
    }

    @Test func approvedRequestsMoveTheVersionAndRejectedOnesDoNot() throws {
        // Given a data-team request to move v1 to Staging
        let request = try database.requestTransition(versionID: versions[0].id, to: .staging, archiveExisting: false,
                                                     reason: "looks good", by: dana)
        #expect(request.state == .pending && request.requestedByName == "dana")
        #expect(try stage(0) == "None")
        // When an admin approves, the move happens and its history names the request
        let approved = try database.decideTransitionRequest(id: request.id, approve: true, comment: "", by: admin, artifact: accept)
        #expect(approved.state == .approved && approved.decidedByName == "ada")
        #expect(try stage(0) == "Staging")
        #expect(try database.stageHistory(versionID: versions[0].id).last?.requestId == request.id)
        // And a decided request cannot be decided again
        #expect(throws: StoreError.self) {
            try database.decideTransitionRequest(id: request.id, approve: false, comment: "no", by: admin, artifact: accept)
        }
        // A rejection needs a comment and moves nothing
        let second = try database.requestTransition(versionID: versions[0].id, to: .production, archiveExisting: true, reason: "ship it", by: dana)
        #expect(throws: StoreError.self) {
            try database.decideTransitionRequest(id: second.id, approve: false, comment: "", by: admin, artifact: accept)
        }
        #expect(try database.decideTransitionRequest(id: second.id, approve: false, comment: "not yet", by: admin, artifact: accept).state == .rejected)
        #expect(try stage(0) == "Staging")
        #expect(try database.transitionRequests(versionID: versions[0].id).map(\.state) == [.rejected, .approved])
        // A request that breaks the rules is refused up front
        #expect(throws: StoreError.self) {
            try database.requestTransition(versionID: versions[0].id, to: .staging, archiveExisting: false, reason: "again", by: dana)
        }
    }

    @Test func tagAndDescriptionWritesAreAudited() throws {
        // Given a trained version of the model "Birds"
        let version = versions[0]
        // When tags and descriptions are written and removed
        try database.setModelTag(modelID: version.modelId, key: "team", value: "vision", by: admin)
        try database.deleteModelTag(modelID: version.modelId, key: "team", by: admin)
        try database.deleteModelTag(modelID: version.modelId, key: "never-set", by: admin)
        try database.setVersionTag(versionID: version.id, key: "note", value: String(repeating: "x", count: 300), by: dana)
        try database.deleteVersionTag(versionID: version.id, key: "note", by: dana)
        _ = try database.describeRegisteredModel(id: version.modelId, description: "Garden birds", by: admin)
        _ = try database.describeModelVersion(id: version.id, description: "first try", by: dana)
        // Then each change is in the audit log, by whom, on the model (removing what was never there is not a change)
        let events = try database.auditLog().filter { $0.action.contains("tag") || $0.action.contains("described") }.reversed()
        #expect(events.map(\.action) == ["model.tag.set", "model.tag.deleted", "model.version.tag.set", "model.version.tag.deleted",
                                         "model.described", "model.version.described"])
        #expect(events.map(\.actorName) == ["ada", "ada", "dana", "dana", "ada", "dana"])
        #expect(Set(events.map(\.target)) == ["model:\(version.modelId)"])
        #expect(events.first?.detail == "team = vision")
        #expect(events.dropFirst(2).first?.detail.count ?? 0 < 220)
        // And a tag on a version that does not exist is refused, with nothing audited
        #expect(throws: StoreError.notFound(entity: "model version")) {
            try database.setVersionTag(versionID: 999, key: "k", value: "v", by: admin)
        }
    }
}
