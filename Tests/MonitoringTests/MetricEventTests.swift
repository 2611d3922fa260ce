// The event lines processes send to the master: every kind survives the trip, bad lines are refused.
import Testing
@testable import Monitoring

@Suite struct MetricEventTests {
    @Test(arguments: [
        MetricEvent.request(method: "GET", route: "/api/v1/images/{id}", status: 200, seconds: 0.0125),
        .upload(images: 3, bytes: 123_456), .thumbnails(count: 2), .export(format: "coco", seconds: 1.5),
        .busyRetry(process: "trainer"), .epoch(samples: 640, seconds: 0.25), .jobFinished(kind: "train", state: "failed"),
        .dropped(count: 7),
        .served(model: "Birds", version: 3, arm: "candidate", failed: false, seconds: 0.004, confidence: 0.875),
        .served(model: "Birds", version: 2, arm: "stable", failed: true, seconds: 0.1, confidence: nil),
    ])
    func everyEventSurvivesItsLine(event: MetricEvent) {
        #expect(MetricEvent(line: Substring(event.line)) == event)
    }

    @Test(arguments: [
        "", "request\tGET\t/x\t200", "request\tGET\t/x\t999\t0.1", "request\tGET\t/x\t200\t-1", "request\tGET\t/x\t200\t0.5",
        "upload\t-1\t10", "thumbnails\tmany", "dropped\t", "teleport\t1", "epoch\t10\t1e9",
        "served\tBirds\t3\tstable\tmaybe\t100\t-", "served\tBirds\tv3\tstable\tok\t100\t-", "served\tBirds\t3\tstable\tok\t100\thigh",
    ])
    func aMalformedOrUnknownLineIsIgnored(line: String) {
        #expect(MetricEvent(line: Substring(line)) == nil)
    }

    @Test func aTabInAValueCannotShiftTheFields() {
        // Given a route that somehow holds a tab
        let line = MetricEvent.request(method: "GET", route: "/a\tb", status: 404, seconds: 0).line
        // Then it arrives with the tab replaced, still one field
        #expect(MetricEvent(line: Substring(line)) == .request(method: "GET", route: "/a b", status: 404, seconds: 0))
    }
}
