// A request to roll a candidate version out: which version, the plan, and why (a start or a request body).
import Foundation

public struct RolloutProposal: Decodable, Equatable, Sendable {
    /// The candidate's version number in the model.
    public var candidateVersion: Int
    public var plan: RolloutPlan
    public var reason: String

    public init(candidateVersion: Int, plan: RolloutPlan, reason: String = "") {
        (self.candidateVersion, self.plan, self.reason) = (candidateVersion, plan, reason)
    }

    /// A request body: a wrong value names its field; anything but a JSON object says so.
    public static func decode(_ json: Data) throws -> RolloutProposal {
        do {
            return try JSONDecoder().decode(Self.self, from: json)
        } catch let error as TrainingConfigError {
            throw error
        } catch {
            throw TrainingConfigError(field: "body", message: "must be a JSON object with candidate_version and the plan's settings")
        }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: AnyKey.self)
        try rejectUnknownKeys(c, known: RolloutPlan.keys + ["candidate_version", "reason"], prefix: "")
        let f = FieldReader(container: c, prefix: "")
        guard let version = try f.optionalInteger("candidate_version", in: 1...Int(Int32.max)) else {
            throw TrainingConfigError(field: "candidate_version", message: "is required: the version number to roll out")
        }
        candidateVersion = version
        plan = try RolloutPlan(from: decoder)
        reason = try c.decodeIfPresent(String.self, forKey: AnyKey("reason")) ?? ""
    }
}
