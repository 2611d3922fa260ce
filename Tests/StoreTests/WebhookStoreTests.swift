// The webhook outbox on a real SQLite file: events queue deliveries in their own transaction, only for
// webhooks that asked; claims, retries with backoff, giving up, and a refused write queues nothing.
import Domain
import Foundation
import Testing
@testable import Store

@Suite struct WebhookStoreTests {
    let database: AppDatabase
    let version: ModelVersion
    let admin = Attribution(userID: nil, username: "ada", remoteAddress: "x")
    let accept = ArtifactReading(sha256: "abc") { true }

    init() throws {
        let database = try AppDatabase.openTemporary()
        version = try database.registerExternalVersion(ExternalVersion(
            modelName: "Birds", artifact: ("models/x.loupe", "abc", 1), framework: "loupe-tensor", modelType: "image-classifier",
            source: "uploaded", sourceReference: "", description: "first"), by: .commandLine)
        self.database = database
    }

    private func pending() throws -> [WebhookDelivery] {
        try database.webhooks().flatMap { try database.webhookDeliveries(webhookID: $0.id, limit: 100) }
    }

    @Test func registryWritesQueueTheirEventsForTheWebhooksThatAskedForThem() throws {
        // Given one webhook for everything and one for stage moves only
        let all = try database.createWebhook(url: "https://a.example/h", events: ["*"], description: "", allowPrivate: false, by: admin)
        let stages = try database.createWebhook(url: "https://b.example/h", events: ["model_version.transitioned_stage"], description: "",
                                                 allowPrivate: false, by: admin)
        // When a version is created, moved to Production, and given an alias
        let second = try database.registerExternalVersion(ExternalVersion(
            modelName: "Birds", artifact: ("models/y.loupe", "abc", 1), framework: "loupe-tensor", modelType: "image-classifier",
            source: "uploaded", sourceReference: "", description: ""), by: admin)
        _ = try database.transitionStage(versionID: second.id, to: .production, archiveExisting: true, reason: "better", by: admin, artifact: accept)
        try database.setAlias("champion", versionID: second.id, by: admin)
        // Then the catch-all webhook has all three, in order, with MLflow's envelope; the other only the move
        let everything = try database.webhookDeliveries(webhookID: all.id, limit: 10).reversed().map(\.event)
        #expect(everything == ["model_version.created", "model_version.transitioned_stage", "model_version_alias.created"])
        let moves = try database.webhookDeliveries(webhookID: stages.id, limit: 10)
        #expect(moves.map(\.event) == ["model_version.transitioned_stage"])
        let payload = try JSONSerialization.jsonObject(with: Data(moves[0].payload.utf8)) as! [String: Any]
        #expect(payload["entity"] as? String == "model_version" && payload["action"] as? String == "transitioned_stage")
        let data = payload["data"] as! [String: Any]
        #expect(data["name"] as? String == "Birds" && data["version"] as? String == "2" && data["to_stage"] as? String == "Production")
    }

    @Test func aRefusedWriteQueuesNothing() throws {
        _ = try database.createWebhook(url: "https://a.example/h", events: ["*"], description: "", allowPrivate: false, by: admin)
        // A move to Production whose artifact check fails rolls back with its event
        #expect(throws: StoreError.self) {
            try database.transitionStage(versionID: version.id, to: .production, archiveExisting: false, reason: "r", by: admin,
                                         artifact: ArtifactReading(sha256: "other") { true })
        }
        #expect(try pending().isEmpty)
    }

    @Test func unknownEventsAreRefusedNamingThem() throws {
        #expect(throws: StoreError.invalid(field: "events", message: "Choose at least one event, or * for all.")) {
            try database.createWebhook(url: "https://a.example", events: [], description: "", allowPrivate: false, by: admin)
        }
        #expect(throws: StoreError.self) {
            try database.createWebhook(url: "https://a.example", events: ["model.exploded"], description: "", allowPrivate: false, by: admin)
        }
    }

    @Test func failedAttemptsWaitLongerEachTimeAndTheLastGivesUp() throws {
        let webhook = try database.createWebhook(url: "https://a.example/h", events: ["*"], description: "", allowPrivate: false, by: admin)
        try database.pingWebhook(id: webhook.id, by: admin)
        var now = Date()
        // A claimed delivery is not claimed twice
        let claimed = try database.claimWebhookDeliveries(owner: "w1", limit: 10, now: now)
        #expect(claimed.count == 1 && claimed[0].0.event == "webhook.ping")
        #expect(try database.claimWebhookDeliveries(owner: "w2", limit: 10, now: now).isEmpty)
        let id = claimed[0].0.id
        // Each failure waits 1, 2, 4 … seconds; before that it is not due
        for attempt in 1..<AppDatabase.webhookAttempts {
            try database.recordWebhookAttempt(id: id, owner: "w1", status: 500, error: "the receiver answered 500", now: now)
            let wait = Double(1 << (attempt - 1))
            #expect(try database.claimWebhookDeliveries(owner: "w1", limit: 10, now: now.addingTimeInterval(wait - 0.5)).isEmpty)
            now = now.addingTimeInterval(wait)
            #expect(try database.claimWebhookDeliveries(owner: "w1", limit: 10, now: now).count == 1, "attempt \(attempt)")
        }
        try database.recordWebhookAttempt(id: id, owner: "w1", status: nil, error: "timed out", now: now)
        let given = try #require(try database.webhookDeliveries(webhookID: webhook.id, limit: 1).first)
        #expect(given.state == .failed && given.attempts == AppDatabase.webhookAttempts && given.lastError == "timed out")
    }

    @Test func aSenderThatDiedLeavesItsDeliveryToAnotherAfterTheLease() throws {
        let webhook = try database.createWebhook(url: "https://a.example/h", events: ["*"], description: "", allowPrivate: false, by: admin)
        try database.pingWebhook(id: webhook.id, by: admin)
        let now = Date()
        _ = try database.claimWebhookDeliveries(owner: "dead", limit: 10, now: now, leaseSeconds: 60)
        #expect(try database.claimWebhookDeliveries(owner: "alive", limit: 10, now: now.addingTimeInterval(61)).count == 1)
        // The dead sender's late report changes nothing; the live one's delivers it
        try database.recordWebhookAttempt(id: 1, owner: "dead", status: 500, error: "late", now: now)
        try database.recordWebhookAttempt(id: 1, owner: "alive", status: 204, error: "", now: now)
        #expect(try database.webhookDeliveries(webhookID: webhook.id, limit: 1).first?.state == .delivered)
    }
}
