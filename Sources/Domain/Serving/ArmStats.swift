// What one arm of a deployment (a version answering, or shadowing) did over some requests: counts that
// add up across worker processes and time windows.

public struct ArmStats: Codable, Equatable, Sendable {
    public var requests = 0
    /// Predictions the model failed to make (the caller's bad images are not counted: they are 4xx).
    public var errors = 0
    public var latency = LatencyHistogram()
    public var confidenceSum = 0.0
    public var confidenceCount = 0
    /// Top label → how many answers had it first (a detector's answers count each box).
    public var labels: [String: Int] = [:]
    /// Requests both arms answered (the other arm on a copy, after the response), and those where
    /// they disagreed.
    public var compared = 0
    public var disagreed = 0
    /// Caller key → requests, at most `callerLimit` keys (the rest under "other").
    public var callers: [String: Int] = [:]

    public static let callerLimit = 20
    public static let otherCallers = "other"

    public init() {}

    public var errorRate: Double { requests > 0 ? Double(errors) / Double(requests) : 0 }
    public var meanConfidence: Double? { confidenceCount > 0 ? confidenceSum / Double(confidenceCount) : nil }
    public var disagreementRate: Double? { compared > 0 ? Double(disagreed) / Double(compared) : nil }

    /// One answered (or failed) request.
    public mutating func record(milliseconds: Double, failed: Bool, confidence: Double?, labels answered: [String], caller: String?) {
        requests += 1
        if failed { errors += 1 }
        latency.record(milliseconds: milliseconds)
        if let confidence {
            confidenceSum += confidence
            confidenceCount += 1
        }
        for label in answered { labels[label, default: 0] += 1 }
        if let caller { countCaller(caller, requests: 1) }
    }

    public mutating func add(_ other: ArmStats) {
        requests += other.requests
        errors += other.errors
        latency.add(other.latency)
        confidenceSum += other.confidenceSum
        confidenceCount += other.confidenceCount
        for (label, count) in other.labels { labels[label, default: 0] += count }
        compared += other.compared
        disagreed += other.disagreed
        for (caller, count) in other.callers { countCaller(caller, requests: count) }
    }

    private mutating func countCaller(_ key: String, requests count: Int) {
        let slot = callers[key] != nil || callers.count < Self.callerLimit ? key : Self.otherCallers
        callers[slot, default: 0] += count
    }

    enum CodingKeys: String, CodingKey {
        case requests, errors, latency, confidenceSum = "confidence_sum", confidenceCount = "confidence_count", labels, compared,
             disagreed, callers
    }
}
