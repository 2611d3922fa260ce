// What serving keeps per worker process: the model cache, usage summed until it is written, shadow
// runs waiting for the response to be sent, and the rollouts this process has seen (to supervise).
import Domain
import Foundation
import Logging
import Monitoring
import Store

public final class ServingRuntime: @unchecked Sendable {
    let cache: ModelCache
    private let store: any ServingStore
    private let supervisor: RolloutSupervisor
    private let logger = Logger(label: "loupe.serving")
    private let lock = NSLock()
    private var usage: [ServeUsageKey: ArmStats] = [:]
    /// Version → drift window → what it saw, until written.
    private var profiles: [Int64: [Int64: DriftProfile]] = [:]
    private var random = SystemRandomNumberGenerator()
    private let drift: DriftMonitor
    private let flushLock = NSLock()
    private var lastDriftCheck = Date.distantPast
    private var lastProfileWrite = Date()
    private var lastPrune = Date.distantPast
    /// Served profiles are written this often (drift looks at the last hour; usage goes every second).
    static let profileInterval: TimeInterval = 10
    private var afterResponse: [() -> Void] = []
    /// Rollout id → when this process last served it.
    private var rolloutsSeen: [Int64: Date] = [:]

    init(store: any ServingStore, supervisor: RolloutSupervisor, cache: ModelCache) {
        self.store = store
        self.supervisor = supervisor
        self.cache = cache
        drift = DriftMonitor(store: store)
    }

    /// Usage is summed per minute (guardrails separate rollout steps by key, not by time).
    static func window(of date: Date) -> Int64 { Int64(date.timeIntervalSince1970) / 60 * 60 }

    func record(_ key: ServeUsageKey, _ update: (inout ArmStats) -> Void) {
        lock.withLock { update(&usage[key, default: ArmStats()]) }
    }

    /// What a version saw, for its drift profile.
    func observe(_ version: ServableVersion, _ observation: Observation, confidence: Double?, labels: [String]) {
        let window = Int64(Date().timeIntervalSince1970) / AppDatabase.driftWindowSeconds * AppDatabase.driftWindowSeconds
        lock.withLock {
            profiles[version.id, default: [:]][window, default: DriftProfile()].observe(
                observation.properties, width: observation.width, height: observation.height, confidence: confidence,
                labels: labels, embedding: observation.embedding, using: &random)
        }
    }

    func noteRollout(_ id: Int64) {
        lock.withLock { rolloutsSeen[id] = Date() }
    }

    /// Work that must not delay the answer (shadow runs): done once the response has been sent.
    func runAfterResponse(_ work: @escaping () -> Void) {
        lock.withLock { afterResponse.append(work) }
    }

    /// Runs what waited for the response (the worker calls it after each request).
    public func responseSent() {
        let work = lock.withLock { () -> [() -> Void] in
            defer { afterResponse.removeAll() }
            return afterResponse
        }
        for item in work { item() }
    }

    /// Writes the usage summed so far (and every ten seconds the served profiles), then lets the
    /// supervisor judge the rollouts served lately. The worker calls it about once a second from a
    /// background thread, and once more on exit with `final`.
    public func flushAndSupervise(now: Date = Date(), final: Bool = false) {
        // One flush at a time: the last one on exit waits for the background thread's, and the
        // timestamps below are only touched here.
        flushLock.lock()
        defer { flushLock.unlock() }
        let writeProfiles = final || now.timeIntervalSince(lastProfileWrite) >= Self.profileInterval
        let (pending, seen, rollouts) = lock.withLock { () -> ([ServeUsageKey: ArmStats], [Int64: [Int64: DriftProfile]], [Int64]) in
            defer {
                usage.removeAll(keepingCapacity: true)
                if writeProfiles { profiles.removeAll() }
            }
            rolloutsSeen = rolloutsSeen.filter { now.timeIntervalSince($0.value) < 120 }
            return (usage, writeProfiles ? profiles : [:], Array(rolloutsSeen.keys))
        }
        if writeProfiles { lastProfileWrite = now }
        do {
            try store.recordServeUsage(pending)
        } catch {
            logger.error("serve usage not written (\(pending.count) sums): \(error)")
            lock.withLock { for (key, stats) in pending { usage[key, default: ArmStats()].add(stats) } }  // next time
        }
        do {
            try store.recordServeProfiles(seen)
        } catch {
            logger.error("served profiles not written: \(error)")  // ten seconds of drift sample are lost; the next will do
        }
        if now.timeIntervalSince(lastDriftCheck) >= DriftMonitor.interval {
            lastDriftCheck = now
            drift.check(now: now)
        }
        if now.timeIntervalSince(lastPrune) >= 3600 {
            lastPrune = now
            do {
                try store.pruneServingHistory(usageBefore: now.addingTimeInterval(-30 * 86_400), profilesBefore: now.addingTimeInterval(-7 * 86_400))
            } catch {
                logger.error("old serving history not pruned: \(error)")
            }
        }
        for id in rollouts {
            do {
                if try !supervisor.supervise(rolloutID: id, now: now) { lock.withLock { _ = rolloutsSeen.removeValue(forKey: id) } }
            } catch {
                logger.error("rollout \(id) not supervised: \(error)")
            }
        }
    }

    /// Flushes every second on a thread of its own, so usage is written even when requests stop.
    public func startBackgroundFlush(every interval: TimeInterval = 1) {
        Thread.startBackground(named: "serve-usage") { [self] in
            while true {
                Thread.sleep(forTimeInterval: interval)
                flushAndSupervise()
            }
        }
    }
}
