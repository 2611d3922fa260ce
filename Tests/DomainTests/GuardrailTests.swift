// Guardrails against hand-computed numbers, and the plan a rollout is started with.
import Domain
import Foundation
import Testing

@Suite struct GuardrailTests {
    private func arm(requests: Int, errors: Int = 0, milliseconds: Double = 10, confidence: Double = 0.9, disagreed: Int = 0) -> ArmStats {
        var stats = ArmStats()
        for i in 0..<requests {
            stats.record(milliseconds: milliseconds, failed: i < errors, confidence: confidence, labels: ["cat"], caller: "c\(i % 3)")
        }
        (stats.compared, stats.disagreed) = (requests, disagreed)
        return stats
    }

    @Test func latencyQuantilesReadTheirBucketsUpperBound() {
        var histogram = LatencyHistogram()
        for _ in 0..<98 { histogram.record(milliseconds: 3) }   // bucket ≤ 5
        histogram.record(milliseconds: 150)                      // ≤ 200
        histogram.record(milliseconds: 40_000)                   // overflow
        #expect(histogram.quantile(0.5) == 5)
        #expect(histogram.quantile(0.99) == 200)   // rank 99 of 100
        #expect(histogram.quantile(1) == 20_000)   // the overflow reads as twice the last bound
        #expect(LatencyHistogram().quantile(0.99) == nil)
    }

    @Test func callersBeyondTheLimitCountAsOther() {
        var stats = ArmStats()
        for i in 0..<30 { stats.record(milliseconds: 1, failed: false, confidence: nil, labels: [], caller: "caller-\(i)") }
        #expect(stats.callers.count == ArmStats.callerLimit + 1 && stats.callers[ArmStats.otherCallers] == 10)
    }

    @Test func tooFewRequestsWaitWhateverTheNumbers() {
        let verdict = Guardrails(minRequests: 30).evaluate(candidate: arm(requests: 10, errors: 10))
        #expect(verdict == .waiting(requests: 10, needed: 30, readings: verdict.readings))
    }

    @Test func eachGuardrailFailsOnItsOwn() {
        let fine = arm(requests: 100, disagreed: 20)   // 20 % is the limit itself
        let guardrails = Guardrails(maxErrorRate: 0.05, maxP99Milliseconds: 100, minMeanConfidence: 0.5, maxDisagreement: 0.2, minRequests: 50)
        guard case .holds = guardrails.evaluate(candidate: fine) else { Issue.record("fine should hold"); return }

        // 6 errors in 100 = 6 % > 5 %
        let erring = arm(requests: 100, errors: 6)
        let slow = arm(requests: 100, milliseconds: 300)
        let unsure = arm(requests: 100, confidence: 0.3)
        let different = arm(requests: 100, disagreed: 21)
        for (stats, name) in [(erring, "error rate"), (slow, "p99 latency"), (unsure, "mean confidence"), (different, "disagreement")] {
            guard case .fails(let reason, _) = guardrails.evaluate(candidate: stats) else {
                Issue.record("\(name) should fail"); continue
            }
            #expect(reason.contains(name), "\(reason)")
        }
    }

    @Test func driftIsAGuardrailWhenThePlanAsksForIt() {
        let guardrails = Guardrails(maxDriftPSI: 0.25, minRequests: 10)
        guard case .fails(let reason, _) = guardrails.evaluate(candidate: arm(requests: 20), driftPSI: 0.4) else { Issue.record("should fail"); return }
        #expect(reason.contains("drift PSI 0.4"))
        guard case .holds = guardrails.evaluate(candidate: arm(requests: 20), driftPSI: 0.1) else { Issue.record("should hold"); return }
        // Without the guardrail, drift is not read
        #expect(!Guardrails().evaluate(candidate: arm(requests: 40), driftPSI: 9).readings.contains { $0.name == "drift_psi" })
    }

    @Test func disagreementIsTheShareOfComparedRequests() {
        let shadow = arm(requests: 40, disagreed: 12)   // 30 %
        let verdict = Guardrails(maxDisagreement: 0.25, minRequests: 40).evaluate(candidate: shadow)
        #expect(verdict.readings.first { $0.name == "disagreement" }?.value == 0.3)
        guard case .fails = verdict else { Issue.record("30 % > 25 % should fail"); return }
    }

    @Test func aPlanReadsItsDefaultsAndNamesTheFieldItRefuses() throws {
        let decoder = JSONDecoder()
        let plain = try decoder.decode(RolloutProposal.self, from: Data(#"{"candidate_version": 2}"#.utf8))
        #expect(plain.plan == RolloutPlan() && plain.candidateVersion == 2)
        let custom = try decoder.decode(RolloutProposal.self, from: Data(#"""
            {"candidate_version": 3, "mode": "shadow", "steps": [10, 100], "dwell_seconds": 60,
             "guardrails": {"max_error_rate": 0.1, "max_p99_ms": null, "min_requests": 5}}
            """#.utf8))
        #expect(custom.plan.mode == .shadow && custom.plan.steps == [10, 100] && custom.plan.guardrails.maxP99Milliseconds == nil)
        #expect(custom.plan.guardrails.maxErrorRate == 0.1 && custom.plan.guardrails.maxDisagreement == 0.3)

        let refused: [(String, String)] = [
            (#"{}"#, "candidate_version"),
            (#"{"candidate_version": 2, "steps": [50, 25]}"#, "steps[1]"),
            (#"{"candidate_version": 2, "steps": [0]}"#, "steps[0]"),
            (#"{"candidate_version": 2, "steps": [101]}"#, "steps[0]"),
            (#"{"candidate_version": 2, "mode": "blue-green"}"#, "mode"),
            (#"{"candidate_version": 2, "dwell_seconds": 0}"#, "dwell_seconds"),
            (#"{"candidate_version": 2, "guardrails": {"max_error_rate": 1.5}}"#, "guardrails.max_error_rate"),
            (#"{"candidate_version": 2, "guardrails": {"p99": 3}}"#, "guardrails.p99"),
            (#"{"candidate_version": 2, "sticky_header": "X Caller"}"#, "sticky_header"),
            (#"{"candidate_version": 2, "share": 5}"#, "share"),
        ]
        for (body, field) in refused {
            #expect(throws: TrainingConfigError.self, "\(body)") { try decoder.decode(RolloutProposal.self, from: Data(body.utf8)) }
            do { _ = try decoder.decode(RolloutProposal.self, from: Data(body.utf8)) } catch let error as TrainingConfigError {
                #expect(error.field == field, "\(body): \(error)")
            }
        }
    }

    @Test func detectorAnswersAgreeWhenTheirBoxesMatch() {
        let a = [LabelledBox(label: "cat", bbox: [0, 0, 10, 10]), LabelledBox(label: "dog", bbox: [20, 20, 10, 10])]
        let shifted = [LabelledBox(label: "cat", bbox: [1, 1, 10, 10]), LabelledBox(label: "dog", bbox: [20, 20, 10, 10])]
        #expect(LabelledBox.matchF1(a, shifted) == 1)            // IoU 81/119 ≈ 0.68 ≥ 0.5
        #expect(LabelledBox.matchF1(a, [a[0]]) == 2.0 / 3)       // one of two matched
        #expect(LabelledBox.matchF1(a, [LabelledBox(label: "dog", bbox: [0, 0, 10, 10])]) == 0)  // wrong label
        #expect(LabelledBox.matchF1([], []) == 1 && LabelledBox.matchF1(a, []) == 0)
    }
}
