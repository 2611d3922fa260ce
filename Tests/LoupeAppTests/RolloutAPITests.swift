// Rollouts through the router: starting and requesting, one at a time, the canary alias, a candidate
// that disagrees rolled back by its guardrail, one that holds promoted, and moves by hand.
import Domain
import Foundation
import Store
import Testing
import Web
@testable import LoupeApp

@Suite struct RolloutAPITests {
    let fixture: ServingFixture
    let admin: String
    let data: String
    var app: TestApp { fixture.app }
    var database: AppDatabase { fixture.app.context.database }

    init() throws {
        fixture = try ServingFixture(answers: ["dark", "light", "dark"])
        admin = try fixture.app.token(for: "admin")
        data = try fixture.app.token(for: "dat")
    }

    private func start(_ body: String, token: String? = nil) -> Response {
        fixture.json(.POST, "/api/v1/models/\(fixture.modelID)/rollouts", token: token ?? admin, body)
    }

    @Test func anAdminStartsARolloutAndTheCanaryAliasFollowsTheCandidate() throws {
        let started = start(#"{"candidate_version": 2, "steps": [20, 100], "dwell_seconds": 60}"#)
        #expect(started.status == 201, "\(started.text)")
        #expect(started.json["state"] as? String == "running" && started.json["share"] as? Double == 20)
        #expect(try database.aliases(modelID: fixture.modelID)["canary"] == 2)
        #expect(fixture.serve("Shapes@canary", token: data).json["version"] as? Int == 2)
        // A second rollout on the model is refused while this one runs
        let second = start(#"{"candidate_version": 3}"#)
        #expect(second.status == 409 && second.errorCode == "rollout_active")
        // The deployment shows it
        let deployment = fixture.json(.GET, "/api/v1/models/\(fixture.modelID)/deployment", token: data)
        #expect((deployment.json["rollout"] as? [String: Any])?["candidate_version"] as? Int == 2)
        #expect(deployment.json["production_version"] as? Int == 1)
    }

    @Test func aCanarySplitsTrafficByItsShare() throws {
        _ = start(#"{"candidate_version": 2, "steps": [30], "dwell_seconds": 60}"#)
        let versions = (0..<400).map { _ in fixture.serve(token: data).json["version"] as? Int ?? 0 }
        let candidate = versions.filter { $0 == 2 }.count
        // 30 % of 400 = 120; four standard deviations (±37) would still be a correct router
        #expect((83...157).contains(candidate) && versions.filter { $0 == 1 }.count == 400 - candidate, "\(candidate)")
    }

    @Test func anABSplitKeepsEachCallerOnOneArm() throws {
        _ = start(#"{"candidate_version": 2, "mode": "ab", "steps": [50], "dwell_seconds": 60}"#)
        for caller in ["alice", "bob", "carol", "dave"] {
            let seen = Set((0..<10).map { _ in fixture.serve(token: data, headers: ["X-Loupe-Caller": caller]).json["version"] as? Int ?? 0 })
            #expect(seen.count == 1, "\(caller): \(seen)")
        }
    }

    @Test func aCandidateThatDisagreesIsRolledBackWithItsReasonInHistoryAndAudit() throws {
        // Given version 2 ("light" for everything) rolled out at 50 % against version 1 ("dark")
        let body = #"{"candidate_version": 2, "steps": [50, 100], "dwell_seconds": 60, "guardrails": {"max_disagreement": 0.2, "min_requests": 5}}"#
        let rolloutID = try #require(start(body).json["id"] as? Int)
        // When enough requests are served and the supervisor looks
        for _ in 0..<60 { _ = fixture.serve(token: data) }
        app.context.serving.flushAndSupervise()
        // Then it is rolled back at once: the reason names the guardrail, the alias is gone, the audit says so
        let rollout = fixture.json(.GET, "/api/v1/rollouts/\(rolloutID)", token: data)
        #expect(rollout.json["state"] as? String == "rolled_back", "\(rollout.text)")
        #expect((rollout.json["end_reason"] as? String)?.contains("disagreement with stable") == true)
        #expect((rollout.json["events"] as? [[String: Any]])?.last?["kind"] as? String == "rolled_back")
        #expect(try database.aliases(modelID: fixture.modelID)["canary"] == nil)
        let aliasMove = try #require(try database.aliasHistory(modelID: fixture.modelID).last)
        #expect(aliasMove.alias == "canary" && aliasMove.version == nil && aliasMove.reason.contains("rolled back: guardrail failed"))
        #expect(try database.auditLog(limit: 5).contains { $0.action == "model.rollout.rolled_back" && $0.actorName == "rollout supervisor" })
        // And every request is answered by stable again
        #expect((0..<20).allSatisfy { _ in fixture.serve(token: data).json["version"] as? Int == 1 })
        #expect(try database.modelVersion(id: fixture.versions[1]!)?.stage == .production)
    }

    @Test func aCandidateThatHoldsStepsAndIsPromotedArchivingTheOld() throws {
        // Given version 3 (answers like stable) rolled out 50 → 100 with a one-second dwell
        let body = #"{"candidate_version": 3, "steps": [50, 100], "dwell_seconds": 1, "guardrails": {"min_requests": 5}}"#
        let rolloutID = try #require(start(body).json["id"] as? Int)
        for _ in 0..<40 { _ = fixture.serve(token: data) }
        // When the supervisor looks after the dwell: one step
        app.context.serving.flushAndSupervise(now: Date().addingTimeInterval(2))
        #expect(try database.rollout(id: Int64(rolloutID))?.share == 100)
        // Its new step has no numbers yet: it waits for them
        app.context.serving.flushAndSupervise(now: Date().addingTimeInterval(4))
        #expect(try database.rollout(id: Int64(rolloutID))?.state == .running)
        for _ in 0..<10 { _ = fixture.serve(token: data) }
        app.context.serving.flushAndSupervise(now: Date().addingTimeInterval(6))
        // Then it finished: version 3 is Production, version 1 archived, with the reason in the history
        #expect(try database.rollout(id: Int64(rolloutID))?.state == .finished)
        #expect(try database.modelVersion(id: fixture.versions[3]!)?.stage == .production)
        #expect(try database.modelVersion(id: fixture.versions[1]!)?.stage == .archived)
        #expect(try database.stageHistory(versionID: fixture.versions[3]!).last?.reason.contains("rollout \(rolloutID) finished") == true)
        #expect(fixture.serve(token: data).json["version"] as? Int == 3)
    }

    @Test func theDataTeamRequestsAndAnAdminStartsOrRejects() throws {
        // The data team must say why; its rollout waits
        #expect(start(#"{"candidate_version": 2}"#, token: data).status == 422)
        let requested = start(#"{"candidate_version": 2, "reason": "better on night photos"}"#, token: data)
        #expect(requested.status == 201 && requested.json["state"] as? String == "requested", "\(requested.text)")
        let id = try #require(requested.json["id"] as? Int)
        #expect(fixture.serve(token: data).json["version"] as? Int == 1)   // nothing served yet
        // Only admins decide
        #expect(fixture.json(.POST, "/api/v1/rollouts/\(id)/start", token: data).status == 403)
        let begun = fixture.json(.POST, "/api/v1/rollouts/\(id)/start", token: admin)
        #expect(begun.status == 200 && begun.json["state"] as? String == "running" && begun.json["share"] as? Double == 5)
        // Pause, resume, roll back by hand; each refused where it makes no sense
        #expect(fixture.json(.POST, "/api/v1/rollouts/\(id)/resume", token: admin).errorCode == "rollout_state")
        #expect(fixture.json(.POST, "/api/v1/rollouts/\(id)/pause", token: admin).json["state"] as? String == "paused")
        #expect(fixture.json(.POST, "/api/v1/rollouts/\(id)/resume", token: admin).json["state"] as? String == "running")
        let back = fixture.json(.POST, "/api/v1/rollouts/\(id)/rollback", token: admin, #"{"reason": "seen enough"}"#)
        #expect(back.json["state"] as? String == "rolled_back" && back.json["end_reason"] as? String == "rolled back by admin: seen enough")
        #expect(fixture.json(.POST, "/api/v1/rollouts/\(id)/finish", token: admin).status == 409)
        // A rejected request frees the model for the next
        let next = try #require(start(#"{"candidate_version": 3, "reason": "r"}"#, token: data).json["id"] as? Int)
        #expect(fixture.json(.POST, "/api/v1/rollouts/\(next)/reject", token: admin).json["state"] as? String == "rejected")
        #expect(start(#"{"candidate_version": 3}"#).status == 201)
    }

    @Test func anAdminFinishesByHandAndTheCandidateIsPromoted() throws {
        let id = try #require(start(#"{"candidate_version": 3, "mode": "ab", "steps": [50]}"#).json["id"] as? Int)
        let finished = fixture.json(.POST, "/api/v1/rollouts/\(id)/finish", token: admin)
        #expect(finished.json["state"] as? String == "finished", "\(finished.text)")
        #expect(try database.modelVersion(id: fixture.versions[3]!)?.stage == .production)
    }

    @Test func badRolloutsAreRefusedNamingWhy() throws {
        #expect(start(#"{"candidate_version": 9}"#).json["error"].map { ($0 as? [String: Any])?["field"] as? String } == "candidate_version")
        #expect(start(#"{"candidate_version": 1}"#).errorCode == "already_production")
        let share = start(#"{"candidate_version": 2, "steps": [150]}"#)
        #expect(share.status == 422 && (share.json["error"] as? [String: Any])?["field"] as? String == "steps[0]")
        let guardrail = start(#"{"candidate_version": 2, "guardrails": {"max_error_rate": -1}}"#)
        #expect(guardrail.status == 422 && (guardrail.json["error"] as? [String: Any])?["field"] as? String == "guardrails.max_error_rate")
        let onnx = try ServingFixture.register(app, bytes: Array("x".utf8), name: "Shapes", framework: "onnx")
        #expect(start(#"{"candidate_version": \#(onnx.version)}"#).errorCode == "cannot_serve")
        #expect(fixture.json(.POST, "/api/v1/models/999/rollouts", token: admin, #"{"candidate_version": 2}"#).status == 404)
        #expect(fixture.json(.POST, "/api/v1/rollouts/999/pause", token: admin).status == 404)
    }

    @Test func aShadowCandidateAnswersNothingAndIsComparedOnACopy() throws {
        let body = #"{"candidate_version": 2, "mode": "shadow", "steps": [100], "dwell_seconds": 60, "guardrails": {"max_disagreement": 0.5, "min_requests": 10}}"#
        let id = try #require(start(body).json["id"] as? Int)
        for _ in 0..<20 { #expect(fixture.serve(token: data).json["version"] as? Int == 1) }
        app.context.serving.flushAndSupervise()
        let shadow = try database.rolloutArmStats(rolloutID: Int64(id), step: 0, arm: "shadow")
        #expect(shadow.requests == 20 && shadow.compared == 20 && shadow.disagreed == 20)
        #expect(try database.rollout(id: Int64(id))?.state == .rolledBack)
    }
}
