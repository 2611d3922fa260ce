// How a rollout moves a candidate in: how its traffic is chosen, the shares it steps through, how long
// each step must hold, and the guardrails that must hold meanwhile.
import Foundation

public enum RolloutMode: String, Codable, CaseIterable, Sendable {
    /// Each request goes to the candidate with the share's probability.
    case canary
    /// Each caller key (user, token, or the sticky header) stays on one arm for the whole rollout.
    case ab
    /// Stable answers every request; the share of requests is also run by the candidate, to compare.
    case shadow
}

public struct RolloutPlan: Codable, Equatable, Sendable {
    public var mode: RolloutMode
    /// Candidate shares in percent, rising; a plan ending at 100 promotes the candidate when it holds.
    public var steps: [Double]
    /// How long each step must hold its guardrails before the next.
    public var dwellSeconds: Int
    public var guardrails: Guardrails
    /// In A/B mode, a request header that names the caller (else the token, else the user).
    public var stickyHeader: String

    public static let defaultSteps: [Double] = [5, 25, 50, 100]
    public static let defaultStickyHeader = "X-Loupe-Caller"

    public init(mode: RolloutMode = .canary, steps: [Double] = defaultSteps, dwellSeconds: Int = 300,
                guardrails: Guardrails = Guardrails(), stickyHeader: String = defaultStickyHeader) {
        (self.mode, self.steps, self.dwellSeconds, self.guardrails, self.stickyHeader) = (mode, steps, dwellSeconds, guardrails, stickyHeader)
    }

    /// 5 → "5", 12.5 → "12.5": a share as people write it.
    public static func shareText(_ share: Double) -> String {
        share == share.rounded() ? String(Int(share)) : String(share)
    }

    /// The share at a step, in percent.
    public func share(atStep index: Int) -> Double { steps[min(max(index, 0), steps.count - 1)] }
    public var lastStep: Int { steps.count - 1 }
    /// Whether holding the last step promotes the candidate (else it waits there for an admin).
    public var promotesAtEnd: Bool { steps.last == 100 }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case mode, steps, dwellSeconds = "dwell_seconds", guardrails, stickyHeader = "sticky_header"
    }

    /// Reads a plan from a request body's fields (other keys of the body are the caller's to check):
    /// a wrong value names its field (`steps[2]`, `guardrails.max_error_rate`).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: AnyKey.self)
        let f = FieldReader(container: c, prefix: "")
        mode = try f.choice("mode", default: .canary)
        steps = try f.numbers("steps", above: 0, atMost: 100, default: Self.defaultSteps)
        for i in steps.indices.dropFirst() where steps[i] <= steps[i - 1] {
            throw TrainingConfigError(field: "steps[\(i)]", message: "must be above the step before it (\(steps[i - 1])), not \(steps[i])")
        }
        dwellSeconds = try f.integer("dwell_seconds", in: 1...604_800, default: 300)
        guardrails = try c.decodeIfPresent(Guardrails.self, forKey: AnyKey("guardrails")) ?? Guardrails()
        let header = try f.optionalText("sticky_header", maxLength: 64) ?? Self.defaultStickyHeader
        guard header.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) }) else {
            throw TrainingConfigError(field: "sticky_header", message: "must be a header name: letters, digits and '-'")
        }
        stickyHeader = header
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(mode, forKey: .mode)
        try c.encode(steps, forKey: .steps)
        try c.encode(dwellSeconds, forKey: .dwellSeconds)
        try c.encode(guardrails, forKey: .guardrails)
        try c.encode(stickyHeader, forKey: .stickyHeader)
    }

    /// The plan's keys, for callers that check a body holding it and more.
    public static let keys = CodingKeys.allCases.map(\.stringValue)
}
