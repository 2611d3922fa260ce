// GET /api/v1/jobs/{id}/stream: a job's progress as Server-Sent Events, so its page draws the
// training curves live. `event: epoch` carries one metrics row with id n (the n-th row, in trial and
// epoch order), `event: job` the state, progress and message whenever they change, `event: end`
// the finish; a `: heartbeat` comment comes every 15 s. A reconnect with Last-Event-ID resumes after
// that row. Each stream holds a worker process, so it ends after 55 s and EventSource reconnects.
import Domain
import Foundation
import Store
import Web

extension AppContext {
    static let streamSeconds: Double = 55
    static let heartbeatSeconds: Double = 15

    struct JobStateEvent: Encodable {
        let state: String
        let progress: Double
        let message: String
    }

    func streamJob(_ request: Request) throws -> Response {
        let job = try visibleJob(request, try require(request))
        let resumeAfter = Int(request.header("last-event-id") ?? request.query["last_event_id"] ?? "") ?? 0
        let (database, jobID) = (self.database, job.id)
        var response = Response(status: 200, headers: [
            ("Content-Type", "text/event-stream"), ("Cache-Control", "no-cache"),
            ("X-Accel-Buffering", "no"),  // nginx passes each event on at once
        ], stream: { write in
            let started = Date()
            var sent = resumeAfter, lastState = "", lastBeat = Date()
            func send(_ text: String) throws { try write(Array(text.utf8)) }
            try send("retry: 2000\n\n")
            while true {
                guard let job = try database.job(id: jobID) else { return }
                let metrics = try database.jobMetrics(jobID: jobID)
                for (index, metric) in metrics.enumerated() where index + 1 > sent {
                    try send("id: \(index + 1)\nevent: epoch\ndata: \(String(decoding: try StreamingJSONEncoder.encode(metric), as: UTF8.self))\n\n")
                    sent = index + 1
                }
                let state = JobStateEvent(state: job.state.rawValue, progress: job.progress, message: job.message)
                let stateText = String(decoding: try StreamingJSONEncoder.encode(state), as: UTF8.self)
                if stateText != lastState {
                    try send("event: job\ndata: \(stateText)\n\n")
                    lastState = stateText
                }
                if job.state.isFinished {
                    try send("event: end\ndata: {}\n\n")
                    return
                }
                if Date().timeIntervalSince(started) >= Self.streamSeconds { return }
                if Date().timeIntervalSince(lastBeat) >= Self.heartbeatSeconds {
                    try send(": heartbeat\n\n")
                    lastBeat = Date()
                }
                Thread.sleep(forTimeInterval: 0.5)
            }
        })
        response.flushesEachWrite = true
        return response
    }
}
