// What a candidate must keep to while it takes traffic, and the verdict on its numbers so far.

public struct Guardrails: Codable, Equatable, Sendable {
    /// Highest share of the candidate's requests that may fail.
    public var maxErrorRate: Double
    /// Slowest the candidate's 99th-percentile answer may be, in milliseconds (nil: not checked).
    public var maxP99Milliseconds: Double?
    /// Lowest mean confidence of its answers (nil: not checked).
    public var minMeanConfidence: Double?
    /// Most it may disagree with stable: the share of compared requests the two answered differently
    /// (nil: not checked). Every request one arm answers is also run by the other after the response.
    public var maxDisagreement: Double?
    /// Most the candidate's served images may drift from its own validation data: the largest PSI
    /// over their features and its answers (nil: not checked).
    public var maxDriftPSI: Double?
    /// Requests the candidate must have answered in a step before any guardrail is judged.
    public var minRequests: Int

    public init(maxErrorRate: Double = 0.02, maxP99Milliseconds: Double? = 2000, minMeanConfidence: Double? = nil,
                maxDisagreement: Double? = 0.3, maxDriftPSI: Double? = nil, minRequests: Int = 30) {
        (self.maxErrorRate, self.maxP99Milliseconds, self.minMeanConfidence, self.maxDisagreement, self.minRequests) =
            (maxErrorRate, maxP99Milliseconds, minMeanConfidence, maxDisagreement, minRequests)
        self.maxDriftPSI = maxDriftPSI
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case maxErrorRate = "max_error_rate", maxP99Milliseconds = "max_p99_ms", minMeanConfidence = "min_mean_confidence"
        case maxDisagreement = "max_disagreement", maxDriftPSI = "max_drift_psi", minRequests = "min_requests"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: AnyKey.self)
        try rejectUnknownKeys(c, known: CodingKeys.allCases.map(\.stringValue), prefix: "guardrails")
        let f = FieldReader(container: c, prefix: "guardrails")
        let defaults = Guardrails()
        maxErrorRate = try f.number("max_error_rate", in: 0...1, default: defaults.maxErrorRate)
        maxP99Milliseconds = try f.nullableNumber("max_p99_ms", above: 0, atMost: 600_000, default: defaults.maxP99Milliseconds)
        minMeanConfidence = try f.optionalNumber("min_mean_confidence", above: 0, atMost: 1)
        maxDisagreement = try f.nullableNumber("max_disagreement", above: 0, atMost: 1, default: defaults.maxDisagreement)
        maxDriftPSI = try f.optionalNumber("max_drift_psi", above: 0, atMost: 100)
        minRequests = try f.integer("min_requests", in: 1...1_000_000, default: defaults.minRequests)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(maxErrorRate, forKey: .maxErrorRate)
        try c.encode(maxP99Milliseconds, forKey: .maxP99Milliseconds)
        try c.encode(minMeanConfidence, forKey: .minMeanConfidence)
        try c.encode(maxDisagreement, forKey: .maxDisagreement)
        try c.encode(maxDriftPSI, forKey: .maxDriftPSI)
        try c.encode(minRequests, forKey: .minRequests)
    }

    /// One guardrail's reading: its value now (nil: nothing to measure yet) against its limit.
    public struct Reading: Equatable, Sendable {
        public let name: String
        public let value: Double?
        public let limit: Double
        public let holds: Bool
        /// "error rate 40.0 % > 2.0 %"
        public let summary: String
    }

    public enum Verdict: Equatable, Sendable {
        /// Too few candidate requests in this step to judge.
        case waiting(requests: Int, needed: Int, readings: [Reading])
        case holds(readings: [Reading])
        /// The first guardrail that failed, as a reason fit for the history.
        case fails(reason: String, readings: [Reading])

        public var readings: [Reading] {
            switch self {
            case .waiting(_, _, let readings), .holds(let readings), .fails(_, let readings): readings
            }
        }
    }

    /// The candidate's numbers in this step against the guardrails; `driftPSI` is its served images'
    /// largest PSI against its validation data in this step (nil: not measured).
    public func evaluate(candidate: ArmStats, driftPSI: Double? = nil) -> Verdict {
        var readings: [Reading] = []
        func percent(_ x: Double) -> String { "\((x * 1000).rounded() / 10) %" }
        readings.append(Reading(name: "error_rate", value: candidate.requests > 0 ? candidate.errorRate : nil, limit: maxErrorRate,
                                holds: candidate.errorRate <= maxErrorRate,
                                summary: "error rate \(percent(candidate.errorRate)) (limit \(percent(maxErrorRate)))"))
        if let maxP99Milliseconds {
            let p99 = candidate.latency.quantile(0.99)
            readings.append(Reading(name: "p99_ms", value: p99, limit: maxP99Milliseconds, holds: (p99 ?? 0) <= maxP99Milliseconds,
                                    summary: "p99 latency \(p99.map { "≤ \(Int($0)) ms" } ?? "–") (limit \(Int(maxP99Milliseconds)) ms)"))
        }
        if let minMeanConfidence {
            let mean = candidate.meanConfidence
            readings.append(Reading(name: "mean_confidence", value: mean, limit: minMeanConfidence, holds: (mean ?? 1) >= minMeanConfidence,
                                    summary: "mean confidence \(mean.map(percent) ?? "–") (lowest \(percent(minMeanConfidence)))"))
        }
        if let maxDisagreement {
            let value = candidate.disagreementRate
            readings.append(Reading(name: "disagreement", value: value, limit: maxDisagreement, holds: (value ?? 0) <= maxDisagreement,
                                    summary: "disagreement with stable \(value.map(percent) ?? "–") (limit \(percent(maxDisagreement)))"))
        }
        if let maxDriftPSI {
            readings.append(Reading(name: "drift_psi", value: driftPSI, limit: maxDriftPSI, holds: (driftPSI ?? 0) <= maxDriftPSI,
                                    summary: "drift PSI \(driftPSI.map { String(($0 * 100).rounded() / 100) } ?? "–") (limit \(maxDriftPSI))"))
        }
        guard candidate.requests >= minRequests else {
            return .waiting(requests: candidate.requests, needed: minRequests, readings: readings)
        }
        if let failed = readings.first(where: { !$0.holds }) {
            return .fails(reason: "guardrail failed: \(failed.summary) over \(candidate.requests) requests", readings: readings)
        }
        return .holds(readings: readings)
    }
}
