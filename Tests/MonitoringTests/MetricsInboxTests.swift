// Reporter → socket → inbox → text file, in one process over a real unix datagram socket.
import Foundation
import Testing
@testable import Monitoring

@Suite struct MetricsInboxTests {
    static func temporaryDirectory() throws -> URL {
        let dir = URL(fileURLWithPath: "/tmp/loupe-metrics-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("run"), withIntermediateDirectories: true)
        return dir
    }

    /// Polls the file the children serve until it holds `line` (the inbox writes it within ~0.1 s).
    static func waitForLine(_ line: String, in location: MetricsLocation) -> String {
        var text = ""
        for _ in 0..<250 where !text.contains(line + "\n") {
            Thread.sleep(forTimeInterval: 0.02)
            text = (try? String(contentsOfFile: location.expositionPath, encoding: .utf8)) ?? ""
        }
        return text
    }

    @Test func aBurstFromTwoProcessesArrivesWhole() throws {
        // Given the inbox and two reporters (as two children would hold)
        let location = MetricsLocation(dataDirectory: try Self.temporaryDirectory())
        let inbox = MetricsInbox(location)
        try inbox.start()
        let reporters = [MetricsReporter(socketPath: location.socketPath), MetricsReporter(socketPath: location.socketPath)]
        // When each sends 5,000 request events as fast as it can, at the same time
        DispatchQueue.concurrentPerform(iterations: 2) { n in
            for _ in 0..<5000 {
                reporters[n].report(.request(method: "GET", route: "/api/v1/me", status: 200, seconds: 0.001))
            }
        }
        // Then all 10,000 are counted and none was dropped
        let text = Self.waitForLine(#"loupe_http_requests_total{method="GET",route="/api/v1/me",status="200"} 10000"#, in: location)
        #expect(text.contains(#"loupe_http_requests_total{method="GET",route="/api/v1/me",status="200"} 10000"#))
        #expect(text.contains("loupe_metrics_events_dropped_total 0\n"))
    }

    @Test func eventsLostWhileNoMasterRanAreAnnounced() throws {
        // Given a child that reports three events before the master listens
        let location = MetricsLocation(dataDirectory: try Self.temporaryDirectory())
        let reporter = MetricsReporter(socketPath: location.socketPath)
        for _ in 0..<3 { reporter.report(.thumbnails(count: 1)) }
        for _ in 0..<250 where reporter.undeliveredCount < 3 { Thread.sleep(forTimeInterval: 0.02) }
        #expect(reporter.undeliveredCount == 3)
        // When the master starts and the child reports once more
        let inbox = MetricsInbox(location)
        try inbox.start()
        reporter.report(.thumbnails(count: 1))
        // Then the one event is counted and the three are counted as dropped
        let text = Self.waitForLine("loupe_metrics_events_dropped_total 3", in: location)
        #expect(text.contains("loupe_metrics_events_dropped_total 3\n"))
        #expect(text.contains("loupe_imaging_thumbnails_made_total 1\n"))
    }

    @Test func reportedEventsReachTheTextFile() throws {
        // Given the master's inbox and a reporter as a child would make them
        let location = MetricsLocation(dataDirectory: try Self.temporaryDirectory())
        let inbox = MetricsInbox(location)
        try inbox.start()
        let reporter = MetricsReporter(socketPath: location.socketPath)
        // When a child reports 50 uploads
        for _ in 0..<50 { reporter.report(.upload(images: 1, bytes: 10)) }
        // Then within a moment the file the children serve says so
        let text = Self.waitForLine("loupe_upload_images_total 50", in: location)
        #expect(text.contains("loupe_upload_images_total 50\n"))
        #expect(text.contains("loupe_upload_bytes_total 500\n"))
    }

    @Test func withNoMasterReportsAreDroppedQuietly() throws {
        // Given a socket path nobody listens on, a report neither blocks nor throws
        let location = MetricsLocation(dataDirectory: try Self.temporaryDirectory())
        let reporter = MetricsReporter(socketPath: location.socketPath)
        let started = ContinuousClock.now
        for _ in 0..<1000 { reporter.report(.thumbnails(count: 1)) }
        #expect(ContinuousClock.now - started < .seconds(5))
    }
}
