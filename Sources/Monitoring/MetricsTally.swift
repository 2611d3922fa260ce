// The master's running totals, kept in a swift-prometheus registry that also writes the text format.
import Prometheus
import Synchronization

/// Totals over every worker child (and the trainer) since the master started. One process holds
/// them, so counters survive a child's restart and histograms need no merging.
public final class MetricsTally: Sendable {
    private let registry = PrometheusCollectorRegistry()
    /// Request series by "method route status": looking them up in the registry builds and checks
    /// the metric name on every call, which is most of the cost of recording a request.
    private let requestSeries = Mutex<[String: (count: Counter, duration: ValueHistogram)]>([:])

    /// Upper bounds in seconds: from a cached page (~1 ms) to a large export or upload (minutes).
    static let requestBuckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]
    static let exportBuckets: [Double] = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300]

    public init() {
        // Families that exist from the start, so dashboards show 0 instead of "no data".
        _ = registry.makeCounter(descriptor: .uploadImages)
        _ = registry.makeCounter(descriptor: .uploadBytes)
        _ = registry.makeCounter(descriptor: .thumbnails)
        _ = registry.makeCounter(descriptor: .workerRestarts)
        _ = registry.makeCounter(descriptor: .dropped)
        _ = registry.makeCounter(descriptor: .trainerEpochs)
        _ = registry.makeCounter(descriptor: .trainerSamples)
        _ = registry.makeGauge(descriptor: .workerProcesses)
    }

    /// Served models and versions get label values as they are seen, up to these many; the rest count
    /// under "other", so a registry with thousands of versions cannot grow /metrics without bound.
    static let servedModelLimit = 50
    static let servedVersionLimit = 20
    private let servedNames = Mutex<(models: Set<String>, versions: [String: Set<String>])>(([], [:]))
    static let confidenceBuckets: [Double] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1]

    private func servedLabels(model: String, version: Int) -> (String, String) {
        servedNames.withLock { seen in
            if !seen.models.contains(model) {
                guard seen.models.count < Self.servedModelLimit else { return ("other", "other") }
                seen.models.insert(model)
            }
            let number = String(version)
            if seen.versions[model, default: []].contains(number) { return (model, number) }
            guard seen.versions[model, default: []].count < Self.servedVersionLimit else { return (model, "other") }
            seen.versions[model, default: []].insert(number)
            return (model, number)
        }
    }

    public func record(_ event: MetricEvent) {
        switch event {
        case .request(let method, let route, let status, let seconds):
            let series = requestSeries.withLock { known in
                let key = "\(method) \(route) \(status)"
                if let found = known[key] { return found }
                let made = (registry.makeCounter(descriptor: .requests, labels: [("method", method), ("route", route), ("status", String(status))]),
                            registry.makeValueHistogram(descriptor: .requestDuration, labels: [("method", method), ("route", route)],
                                                        buckets: Self.requestBuckets))
                known[key] = made
                return made
            }
            series.count.increment()
            series.duration.record(seconds)
        case .upload(let images, let bytes):
            registry.makeCounter(descriptor: .uploadImages).increment(by: Int64(images))
            registry.makeCounter(descriptor: .uploadBytes).increment(by: Int64(bytes))
        case .thumbnails(let count):
            registry.makeCounter(descriptor: .thumbnails).increment(by: Int64(count))
        case .export(let format, let seconds):
            registry.makeValueHistogram(descriptor: .exportDuration, labels: [("format", format)], buckets: Self.exportBuckets)
                .record(seconds)
        case .busyRetry(let process):
            registry.makeCounter(descriptor: .busyRetries, labels: [("process", process)]).increment()
        case .epoch(let samples, let seconds):
            registry.makeCounter(descriptor: .trainerEpochs).increment()
            registry.makeCounter(descriptor: .trainerSamples).increment(by: Int64(samples))
            if seconds > 0 { registry.makeGauge(descriptor: .trainerLastEpochRate).set(to: Double(samples) / seconds) }
        case .jobFinished(let kind, let state):
            registry.makeCounter(descriptor: .trainerJobsFinished, labels: [("kind", kind), ("state", state)]).increment()
        case .dropped(let count):
            registry.makeCounter(descriptor: .dropped).increment(by: Int64(count))
        case .served(let model, let version, let arm, let failed, let seconds, let confidence):
            let (modelLabel, versionLabel) = servedLabels(model: model, version: version)
            let series = [("model", modelLabel), ("version", versionLabel), ("arm", arm)]
            registry.makeCounter(descriptor: .servedRequests, labels: series + [("outcome", failed ? "error" : "ok")]).increment()
            registry.makeValueHistogram(descriptor: .servedDuration, labels: series, buckets: Self.requestBuckets).record(seconds)
            if let confidence {
                registry.makeValueHistogram(descriptor: .servedConfidence, labels: series, buckets: Self.confidenceBuckets).record(confidence)
            }
        }
    }

    public func workerRestarted() { registry.makeCounter(descriptor: .workerRestarts).increment() }

    public func workersRunning(_ count: Int) { registry.makeGauge(descriptor: .workerProcesses).set(to: Double(count)) }

    /// Everything in the Prometheus text exposition format (version 0.0.4).
    public func exposition() -> [UInt8] { registry.emitToBuffer() }
}

// Computed: the library's descriptor type is not Sendable, so it cannot be a stored static.
extension MetricNameDescriptor {
    static var requests: MetricNameDescriptor { loupe("http", "requests", "total", "Requests answered by the worker, by route pattern and status.") }
    static var requestDuration: MetricNameDescriptor { loupe("http", "request_duration", "seconds", "Time from reading a request to the last byte written, by route.") }
    static var uploadImages: MetricNameDescriptor { loupe("upload", "images", "total", "Images stored by uploads and imports.") }
    static var uploadBytes: MetricNameDescriptor { loupe("upload", "bytes", "total", "Bytes of the images stored by uploads and imports.") }
    static var thumbnails: MetricNameDescriptor { loupe("imaging", "thumbnails_made", "total", "Thumbnails (and display renditions) made.") }
    static var exportDuration: MetricNameDescriptor { loupe("export", "duration", "seconds", "Time to write a whole export, by format.") }
    static var busyRetries: MetricNameDescriptor { loupe("sqlite", "busy_retries", "total", "Times SQLite said busy and the caller waited and tried again, by process.") }
    static var workerRestarts: MetricNameDescriptor { loupe("worker", "restarts", "total", "Worker children the master replaced after they died.") }
    static var workerProcesses: MetricNameDescriptor { loupe("worker", "processes", "", "Worker children running.") }
    static var dropped: MetricNameDescriptor { loupe("metrics", "events_dropped", "total", "Events processes could not deliver to the master (not counted elsewhere).") }
    static var trainerEpochs: MetricNameDescriptor { loupe("trainer", "epochs", "total", "Epochs the trainer finished.") }
    static var trainerSamples: MetricNameDescriptor { loupe("trainer", "samples", "total", "Samples the trainer trained on, over all epochs.") }
    static var trainerLastEpochRate: MetricNameDescriptor { loupe("trainer", "last_epoch_samples_per_second", "", "Training speed of the last finished epoch.") }
    static var trainerJobsFinished: MetricNameDescriptor { loupe("trainer", "jobs_finished", "total", "Jobs the trainer ended, by kind and final state.") }

    static var servedRequests: MetricNameDescriptor { loupe("serve", "predictions", "total", "Predictions served, by model, version, arm (stable, candidate, shadow, alias) and outcome.") }
    static var servedDuration: MetricNameDescriptor { loupe("serve", "prediction_duration", "seconds", "Time to decode an image and run the model, by model, version and arm.") }
    static var servedConfidence: MetricNameDescriptor { loupe("serve", "confidence", "", "Confidence of served answers (top probability, or best box score), by model, version and arm.") }

    static func loupe(_ subsystem: String, _ name: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "loupe", subsystem: subsystem, metricName: name, unitName: unit, helpText: help)
    }
}
