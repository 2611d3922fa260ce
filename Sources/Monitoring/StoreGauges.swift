// Gauges read from the database at scrape time, in the text format: what no single process counts.
import Domain
import Prometheus
import Store

/// The trainer's queue and running jobs and the images by status, as the worker answering a scrape
/// reads them. Built fresh per scrape, so a finished job's series disappear with it.
public struct StoreGauges: Sendable {
    /// Every state is written, even at zero, so a dashboard's query never meets a missing series.
    static let jobStates = JobState.allCases.map(\.rawValue)
    static let imageStatuses = ImageStatus.allCases.map(\.rawValue)

    public let counts: MonitoringCounts

    public init(_ counts: MonitoringCounts) { self.counts = counts }

    public func exposition() -> [UInt8] {
        let registry = PrometheusCollectorRegistry()
        let (jobsByState, imagesByStatus) = (counts.jobsByState, counts.imagesByStatus)
        for state in Set(Self.jobStates).union(jobsByState.keys).sorted() {
            registry.makeGauge(descriptor: .jobs, labels: [("state", state)]).set(to: Double(jobsByState[state] ?? 0))
        }
        registry.makeGauge(descriptor: .queueDepth).set(to: Double(jobsByState["queued"] ?? 0))
        for job in counts.runningJobs {
            let labels = [("job", String(job.id)), ("kind", job.kind)]
            registry.makeGauge(descriptor: .jobProgress, labels: labels).set(to: job.progress)
            if let epoch = job.epoch { registry.makeGauge(descriptor: .jobEpoch, labels: labels).set(to: Double(epoch)) }
            if let rate = job.samplesPerSecond { registry.makeGauge(descriptor: .jobRate, labels: labels).set(to: rate) }
            if let age = job.heartbeatAge { registry.makeGauge(descriptor: .heartbeatAge, labels: labels).set(to: age) }
        }
        for status in Set(Self.imageStatuses).union(imagesByStatus.keys).sorted() {
            registry.makeGauge(descriptor: .images, labels: [("status", status)]).set(to: Double(imagesByStatus[status] ?? 0))
        }
        for outcome in counts.suggestionOutcomes {
            let version = [("model", outcome.modelName), ("version", String(outcome.version))]
            for (name, count) in [("accepted_unchanged", outcome.acceptedUnchanged), ("accepted_edited", outcome.acceptedEdited),
                                  ("rejected", outcome.rejected), ("open", outcome.open)] {
                registry.makeGauge(descriptor: .suggestions, labels: version + [("outcome", name)]).set(to: Double(count))
            }
            registry.makeGauge(descriptor: .drawnByHand, labels: version).set(to: Double(outcome.drawnByHand))
        }
        return registry.emitToBuffer()
    }
}

extension MetricNameDescriptor {
    static var jobs: MetricNameDescriptor { loupe("trainer", "jobs", "", "Jobs in the queue's table, by state.") }
    static var queueDepth: MetricNameDescriptor { loupe("trainer", "queue_depth", "", "Jobs waiting for the trainer.") }
    static var jobProgress: MetricNameDescriptor { loupe("trainer", "running_job_progress", "ratio", "Progress of each running job, 0 to 1.") }
    static var jobEpoch: MetricNameDescriptor { loupe("trainer", "running_job_epoch", "", "The last epoch a running job finished.") }
    static var jobRate: MetricNameDescriptor { loupe("trainer", "running_job_samples_per_second", "", "Training speed in a running job's last epoch.") }
    static var heartbeatAge: MetricNameDescriptor { loupe("trainer", "heartbeat_age", "seconds", "Time since the trainer running a job last said it was alive.") }
    static var suggestions: MetricNameDescriptor { loupe("detector", "suggestions", "", "A detector version's box suggestions, by what annotators did with them.") }
    static var drawnByHand: MetricNameDescriptor { loupe("detector", "boxes_drawn_by_hand", "", "Boxes drawn with no suggestion behind them on images where a version's suggestions were worked through (what it missed).") }
    static var images: MetricNameDescriptor { loupe("images", "by_status", "", "Images in all projects, by status.") }
}
