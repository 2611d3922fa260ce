import Domain
import Events
import Foundation
import Store
import Testing
import Web

@Suite struct HTTPRequestHeadTests {
    @Test func aWholeHeadParsesWithLowercasedHeaders() {
        // Given the head nginx forwards, in two pieces
        let text = "GET /api/v1/jobs/7/stream?last_event_id=3 HTTP/1.1\r\nHost: x\r\nLast-Event-ID: 5\r\nX-Request-Id: abc\r\n\r\n"
        let bytes = Array(text.utf8)
        // When only the first part has arrived, Then more is needed
        #expect(HTTPRequestHead.parse(Array(bytes[..<20])) == .needMore)
        // When all of it has, Then the request is what the router sees, with Last-Event-ID winning over the query
        guard case .complete(let head) = HTTPRequestHead.parse(bytes) else { Issue.record("not parsed"); return }
        #expect(head.method == "GET" && head.target == "/api/v1/jobs/7/stream?last_event_id=3")
        #expect(head.request.path == "/api/v1/jobs/7/stream" && head.request.requestID == "abc")
        #expect(JobEventFrames.resumePoint(head.request) == 5)
    }

    @Test func garbageAndOversizedHeadsAreMalformed() {
        #expect(HTTPRequestHead.parse(Array("HELLO\r\n\r\n".utf8)) == .malformed)
        #expect(HTTPRequestHead.parse(Array("GET / HTTP/1.1\r\nno colon here\r\n\r\n".utf8)) == .malformed)
        #expect(HTTPRequestHead.parse([UInt8](repeating: 65, count: HTTPRequestHead.maxBytes + 1)) == .malformed)
    }
}

@Suite struct JobEventFramesTests {
    @Test func onlyStreamPathsNameAJob() {
        #expect(JobEventFrames.jobID(streamPath: "/api/v1/jobs/12/stream") == 12)
        for path in ["/api/v1/jobs/0/stream", "/api/v1/jobs/x/stream", "/api/v1/jobs/12", "/api/v1/jobs/12/stream/x", "/other"] {
            #expect(JobEventFrames.jobID(streamPath: path) == nil, "\(path)")
        }
    }

    @Test func resumePointsComeFromTheHeaderOrTheQueryAndAreNeverNegative() {
        #expect(JobEventFrames.resumePoint(Request(method: .GET, target: "/s?last_event_id=4")) == 4)
        #expect(JobEventFrames.resumePoint(Request(method: .GET, target: "/s", headers: ["Last-Event-ID": "-3"])) == 0)
        #expect(JobEventFrames.resumePoint(Request(method: .GET, target: "/s?last_event_id=x")) == 0)
    }

    @Test func anEpochFrameCarriesItsRowNumberAsItsID() throws {
        let metric = JobMetric(trial: 0, epoch: 2, trainLoss: 0.5, trainAccuracy: 0.75, validationLoss: 0.6,
                               validationAccuracy: 0.7, learningRate: 0.001, samplesPerSecond: 100)
        let frame = try JobEventFrames.epoch(id: 2, metric)
        #expect(frame.hasPrefix("id: 2\nevent: epoch\ndata: {\"trial\":0,\"epoch\":2,\"train_loss\":0.5,") && frame.hasSuffix("}\n\n"))
    }
}

@Suite struct JobMetricsAfterTests {
    @Test func rowsAfterAnOffsetAreTheRestInTrialAndEpochOrder() throws {
        // Given a job with two trials of two epochs each
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("events-\(UUID().uuidString).sqlite").path
        let database = try AppDatabase.openShared(path: path)
        let project = try database.createProject(name: "P", description: "", by: .commandLine)
        let job = try database.enqueueJob(projectID: project.id, spec: .train(TrainingConfig()), by: .commandLine)
        _ = try database.claimNextJob(owner: "t", leaseSeconds: 30)
        for (trial, epoch) in [(0, 1), (0, 2), (1, 1), (1, 2)] {
            try database.recordEpoch(lease: JobLease(jobID: job.id, owner: "t", attempt: 1), JobMetric(trial: trial, epoch: epoch, trainLoss: 1, trainAccuracy: 0,
                                                                          validationLoss: 1, validationAccuracy: 0, learningRate: 0.1,
                                                                          samplesPerSecond: 1))
        }
        // When the rows after the third are read, Then only the fourth comes back
        #expect(try database.jobMetrics(jobID: job.id, after: 3).map { [$0.trial, $0.epoch] } == [[1, 2]])
        #expect(try database.jobMetrics(jobID: job.id, after: 0).count == 4)
        #expect(try database.jobMetrics(jobID: job.id, after: 9).isEmpty)
    }
}
