// The Server-Sent Events a job page reads: `epoch` rows with ids, `job` state changes, `end`, heartbeats.
import Domain
import Store
import Web

/// The text of each event, in the wire format EventSource parses. An epoch's id is its row number in
/// trial and epoch order, so a reconnect's Last-Event-ID says where to resume.
public enum JobEventFrames {
    /// Sent first: how long EventSource waits before reconnecting.
    public static let retry = "retry: 2000\n\n"
    public static let heartbeat = ": heartbeat\n\n"
    public static let end = "event: end\ndata: {}\n\n"

    struct JobStateEvent: Encodable {
        let state: String
        let progress: Double
        let message: String
    }

    public static func epoch(id: Int, _ metric: JobMetric) throws -> String {
        "id: \(id)\nevent: epoch\ndata: \(String(decoding: try StreamingJSONEncoder.encode(metric), as: UTF8.self))\n\n"
    }

    /// The job's state event; equal texts mean nothing changed.
    public static func state(of job: Job) throws -> String {
        let event = JobStateEvent(state: job.state.rawValue, progress: job.progress, message: job.message)
        return "event: job\ndata: \(String(decoding: try StreamingJSONEncoder.encode(event), as: UTF8.self))\n\n"
    }

    /// Where a (re)connecting client resumes: the Last-Event-ID header, else `?last_event_id=`, else 0.
    public static func resumePoint(_ request: Request) -> Int {
        max(0, Int(request.header("last-event-id") ?? request.query["last_event_id"] ?? "") ?? 0)
    }

    /// The job id of a stream path (`/api/v1/jobs/12/stream`), or nil for any other path.
    public static func jobID(streamPath path: String) -> Int64? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0].isEmpty, parts[1] == "api", parts[2] == "v1", parts[3] == "jobs", parts[5] == "stream",
              let id = Int64(parts[4]), id > 0 else { return nil }
        return id
    }
}
