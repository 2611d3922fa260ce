// The jobs API through the router: who may queue and cancel, config errors by field, what a job reads back.
import Domain
import Foundation
import Store
import Testing
import Web
@testable import LoupeApp

@Suite struct JobAPITests {
    let app: TestApp
    let projectID: Int

    init() throws {
        let app = try TestApp()
        try app.addUser("dat", role: .data)
        try app.addUser("ann", role: .annotator)
        projectID = try #require(try app.send(.POST, "/api/v1/projects", as: "dat", #"{"name":"Jobs"}"#).json["id"] as? Int)
        self.app = app
    }

    @Test func theDataTeamQueuesJobsWithNormalisedConfigs() throws {
        // When the data team queues a job with a partial config
        let created = try app.send(.POST, "/api/v1/projects/\(projectID)/jobs", as: "dat", #"{"kind":"search","config":{"architecture":"mlp"}}"#)
        #expect(created.status == 201)
        // Then it is queued with every default written out, a search space included
        let config = try #require(created.json["config"] as? [String: Any])
        #expect(created.json["state"] as? String == "queued" && created.json["kind"] as? String == "search")
        #expect(config["hidden_layers"] as? Int == 1 && config["input_size"] as? Int == 64)
        #expect((config["search"] as? [String: Any])?["trials"] as? Int == 6)
        // And it reads back with empty metrics and trials, and is listed
        let id = try #require(created.json["id"] as? Int)
        let shown = try app.send(.GET, "/api/v1/jobs/\(id)", as: "dat")
        #expect((shown.json["metrics"] as? [Any])?.isEmpty == true && (shown.json["trials"] as? [Any])?.isEmpty == true)
        #expect((try app.send(.GET, "/api/v1/projects/\(projectID)/jobs", as: "dat").json["jobs"] as? [Any])?.count == 1)
        // And cancelling it before the trainer takes it ends it at once
        #expect(try app.send(.POST, "/api/v1/jobs/\(id)/cancel", as: "dat").json["state"] as? String == "cancelled")
    }

    @Test func othersCannotQueueOrSeeJobs() throws {
        let id = try #require(try app.send(.POST, "/api/v1/projects/\(projectID)/jobs", as: "dat", #"{"kind":"train"}"#).json["id"] as? Int)
        #expect(try app.send(.POST, "/api/v1/projects/\(projectID)/jobs", as: "ann", #"{"kind":"train"}"#).status == 403)
        // An annotator outside the project does not learn the job exists
        #expect(try app.send(.GET, "/api/v1/jobs/\(id)", as: "ann").status == 404)
        #expect(try app.send(.POST, "/api/v1/jobs/\(id)/cancel", as: "ann").status == 403)
        #expect(app.send(.GET, "/api/v1/jobs/\(id)").status == 401)
    }

    @Test func badConfigsAreNamedByField() throws {
        let cases = [
            (#"{"kind":"train","config":{"epochs":0}}"#, "config.epochs"),
            (#"{"kind":"train","config":{"snapshot":"missing"}}"#, "config.snapshot"),
            (#"{"kind":"deploy"}"#, "kind"),
        ]
        for (body, field) in cases {
            let response = try app.send(.POST, "/api/v1/projects/\(projectID)/jobs", as: "dat", body)
            #expect([400, 422].contains(response.status), "\(body)")
            #expect((response.json["error"] as? [String: Any])?["field"] as? String == field, "\(body): \(String(decoding: response.body, as: UTF8.self))")
        }
    }

    @Test func aVersionThatDoesNotExistCannotPredict() throws {
        let response = try app.send(.POST, "/api/v1/models/versions/99/predict", as: "dat", "x")
        #expect(response.status == 404)
    }
}

@Suite struct JobStreamAccessTests {
    @Test func theStreamRouteOnlyDecidesWhoMayFollowTheJob() throws {
        // Given a job in a project the data user can see, and an annotator who is not a member
        let app = try TestApp()
        try app.addUser("dat", role: .data)
        try app.addUser("outsider", role: .annotator)
        let project = try app.context.database.createProject(name: "Stream", description: "", by: .commandLine)
        let job = try app.context.database.enqueueJob(projectID: project.id, spec: .train(TrainingConfig()), by: .commandLine)
        // When each asks for its stream through the router (as loupe-events does before streaming)
        // Then the viewer gets 204 (stream it), the outsider 404, nobody 401: the events come from loupe-events
        #expect(try app.send(.GET, "/api/v1/jobs/\(job.id)/stream", as: "dat").status == 204)
        #expect(try app.send(.GET, "/api/v1/jobs/\(job.id)/stream", as: "outsider").status == 404)
        #expect(app.send(.GET, "/api/v1/jobs/\(job.id)/stream").status == 401)
    }
}
