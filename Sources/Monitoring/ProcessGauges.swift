// /metrics' process gauges: each Loupe process's CPU seconds and resident memory, labelled by role and
// pid (only live processes appear, so the label set stays as small as the deployment).
import Foundation
import Prometheus

public struct ProcessGauges: Sendable {
    let runDirectory: URL

    public init(dataDirectory: URL) { runDirectory = dataDirectory.appendingPathComponent("run") }

    public func exposition() -> [UInt8] {
        let registry = PrometheusCollectorRegistry()
        func record(_ stats: ProcessStats, as role: String) {
            let labels = [("process", role), ("pid", String(stats.pid))]
            registry.makeGauge(descriptor: .processCPU, labels: labels).set(to: stats.cpuSeconds)
            registry.makeGauge(descriptor: .processMemory, labels: labels).set(to: Double(stats.residentBytes))
        }
        if let master = ProcessStats.pid(inFile: runDirectory.appendingPathComponent("worker.pid").path), let stats = ProcessStats.read(master) {
            record(stats, as: "worker-master")
            for child in ProcessStats.children(of: master) { record(child, as: "worker") }
        }
        for (file, role) in [("trainer.pid", "trainer"), ("events.pid", "events")] {
            if let pid = ProcessStats.pid(inFile: runDirectory.appendingPathComponent(file).path), let stats = ProcessStats.read(pid) {
                record(stats, as: role)
            }
        }
        return registry.emitToBuffer()
    }
}

extension MetricNameDescriptor {
    static var processCPU: MetricNameDescriptor { loupe("process", "cpu", "seconds", "CPU time (user + system) a Loupe process has used since it started, by role and pid.") }
    static var processMemory: MetricNameDescriptor { loupe("process", "resident_memory", "bytes", "Resident memory of a Loupe process, by role and pid.") }
}
