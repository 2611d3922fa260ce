// GET /metrics through the router: loopback only, the master's tally plus the store's gauges.
import Domain
import Foundation
import Monitoring
import Testing
import Web
@testable import LoupeApp

@Suite struct MetricsTests {
    @Test func onlyLoopbackMayScrape() {
        let app = try! TestApp()
        // Given requests from outside, from IPv4 loopback, and from IPv6 loopback
        #expect(app.send(.GET, "/metrics", remoteAddress: "192.0.2.7").status == 403)
        #expect(app.send(.GET, "/metrics", remoteAddress: "10.127.0.1").status == 403)
        #expect(app.send(.GET, "/metrics", remoteAddress: "127.0.0.1").status == 200)
        #expect(app.send(.GET, "/metrics", remoteAddress: "::1").status == 200)
    }

    @Test func theMastersTallyAndTheStoresGaugesAreServedTogether() throws {
        // Given a master's tally file and a queued job
        let app = try TestApp()
        try app.addUser("dat", role: .data)
        let run = URL(fileURLWithPath: app.context.metricsLocation.expositionPath)
        try FileManager.default.createDirectory(at: run.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("# TYPE loupe_worker_restarts_total counter\nloupe_worker_restarts_total 4\n".utf8).write(to: run)
        let project = try #require(try app.send(.POST, "/api/v1/projects", as: "dat", #"{"name":"Scraped"}"#).json["id"] as? Int)
        #expect(try app.send(.POST, "/api/v1/projects/\(project)/jobs", as: "dat", #"{"kind":"train"}"#).status == 201)
        // When Prometheus scrapes
        let response = app.send(.GET, "/metrics")
        let text = String(decoding: response.body, as: UTF8.self)
        // Then it gets the text format with both parts
        #expect(response.header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
        #expect(text.hasPrefix("# TYPE loupe_worker_restarts_total counter\nloupe_worker_restarts_total 4\n"))
        #expect(text.contains("loupe_trainer_queue_depth 1.0\n"))
        #expect(text.contains(#"loupe_trainer_jobs{state="queued"} 1.0"#))
    }

    @Test func withoutAMasterTheGaugesAreStillServed() throws {
        let app = try TestApp()
        let text = String(decoding: app.send(.GET, "/metrics").body, as: UTF8.self)
        #expect(text.hasPrefix("# The worker master has not written its tally yet"))
        #expect(text.contains("loupe_trainer_queue_depth 0.0\n"))
    }
}
