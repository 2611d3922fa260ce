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
            if let cpu = job.cpuSeconds { registry.makeGauge(descriptor: .jobCPU, labels: labels).set(to: cpu) }
            if let bytes = job.residentBytes { registry.makeGauge(descriptor: .jobMemory, labels: labels).set(to: Double(bytes)) }
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
        for record in counts.drift {
            let version = [("model", record.modelName), ("version", String(record.version))]
            let verdict: Double = switch record.report.verdict { case .insufficient: 0; case .stable: 1; case .watch: 2; case .drift: 3 }
            registry.makeGauge(descriptor: .driftVerdict, labels: version).set(to: verdict)
            if let psi = record.report.maxPSI { registry.makeGauge(descriptor: .driftMaxPSI, labels: version).set(to: psi) }
            for feature in record.report.features {
                if let psi = feature.psi { registry.makeGauge(descriptor: .driftPSI, labels: version + [("feature", feature.name)]).set(to: psi) }
            }
            if let psi = record.report.labelPSI { registry.makeGauge(descriptor: .driftPSI, labels: version + [("feature", "labels")]).set(to: psi) }
            if let p = record.report.embeddingPValue { registry.makeGauge(descriptor: .driftEmbeddingP, labels: version).set(to: p) }
            registry.makeGauge(descriptor: .driftObservations, labels: version).set(to: Double(record.report.servedObservations))
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
    static var jobCPU: MetricNameDescriptor { loupe("trainer", "running_job_cpu", "seconds", "CPU time the trainer has spent on a running job so far.") }
    static var jobMemory: MetricNameDescriptor { loupe("trainer", "running_job_resident_memory", "bytes", "Resident memory of the trainer running a job.") }
    static var suggestions: MetricNameDescriptor { loupe("detector", "suggestions", "", "A detector version's box suggestions, by what annotators did with them.") }
    static var drawnByHand: MetricNameDescriptor { loupe("detector", "boxes_drawn_by_hand", "", "Boxes drawn with no suggestion behind them on images where a version's suggestions were worked through (what it missed).") }
    static var driftVerdict: MetricNameDescriptor { loupe("drift", "verdict", "", "A served version's drift verdict: 0 too little traffic, 1 stable, 2 watch, 3 drift.") }
    static var driftMaxPSI: MetricNameDescriptor { loupe("drift", "max_psi", "", "The largest population stability index over a served version's features and answered labels.") }
    static var driftPSI: MetricNameDescriptor { loupe("drift", "psi", "", "Population stability index of one feature of served traffic against the version's validation data.") }
    static var driftEmbeddingP: MetricNameDescriptor { loupe("drift", "embedding_p_value", "", "Permutation p-value of the MMD between served and validation embeddings (low: shifted).") }
    static var driftObservations: MetricNameDescriptor { loupe("drift", "served_observations", "", "Served images the latest drift report compared.") }
    static var images: MetricNameDescriptor { loupe("images", "by_status", "", "Images in all projects, by status.") }
}
