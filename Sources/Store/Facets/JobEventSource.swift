// What the event process reads to stream a job: the job and its epochs after an offset.
import Domain
import Foundation

/// The event process's view of the store.
public protocol JobEventSource: Sendable {
    func job(id: Int64) throws -> Job?
    /// The job's metric rows after the first `offset` (rows come in trial and epoch order, so an offset
    /// is a resume point: the live event stream's ids are these row numbers).
    func jobMetrics(jobID: Int64, after offset: Int) throws -> [JobMetric]
}

extension AppDatabase: JobEventSource {}
