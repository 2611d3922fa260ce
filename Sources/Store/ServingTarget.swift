// What answers a model's endpoint right now: read once per served request.
import Foundation

public struct ServingTarget: Sendable {
    public let modelId: Int64
    public let modelName: String
    /// nil: never switched, so on.
    public let deployment: Deployment?
    /// The alias the caller named, if any.
    public let alias: String?
    /// The version that answers: the alias's, or the newest in Production; nil when there is none.
    public let stable: ServableVersion?
    /// A rollout taking traffic (only for the unaliased endpoint), with its candidate.
    public let rollout: Rollout?
    public let candidate: ServableVersion?

    public var enabled: Bool { deployment?.enabled ?? true }
}

/// Where one worker's summed usage goes: a version's arm in one minute (and rollout step).
public struct ServeUsageKey: Hashable, Sendable {
    public let modelId: Int64
    public let versionId: Int64
    /// stable, candidate, shadow, or alias
    public let arm: String
    public let windowStart: Int64
    public let rolloutId: Int64
    public let step: Int

    public init(modelId: Int64, versionId: Int64, arm: String, windowStart: Int64, rolloutId: Int64 = 0, step: Int = 0) {
        (self.modelId, self.versionId, self.arm, self.windowStart, self.rolloutId, self.step) = (modelId, versionId, arm, windowStart, rolloutId, step)
    }
}
