// A model version's registry stage, and which moves between stages are allowed.

public enum ModelStage: String, Sendable, CaseIterable, Codable {
    case none = "None"
    case staging = "Staging"
    case production = "Production"
    case archived = "Archived"

    /// MLflow clients send stage names in any case ("production").
    public init?(loosely name: String) {
        guard let stage = Self.allCases.first(where: { $0.rawValue.lowercased() == name.lowercased() }) else { return nil }
        self = stage
    }

    /// Why a move from `self` to `target` is refused, or nil when it is allowed.
    public func refusal(movingTo target: ModelStage) -> String? {
        if target == self { return "The version is already in \(rawValue)." }
        if self == .archived && target != .staging {
            return "An archived version returns only through Staging; move it to Staging first."
        }
        return nil
    }
}

/// Alias names: letters, digits, `_` and `-`, up to 64; not `latest` or `v<digits>`, which name versions.
public enum AliasName {
    public static func problem(_ name: String) -> String? {
        let allowed = name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
        guard (1...64).contains(name.count), allowed else {
            return "An alias is 1 to 64 letters, digits, '_' or '-'."
        }
        let lower = name.lowercased()
        if lower == "latest" || (lower.first == "v" && lower.dropFirst().allSatisfy(\.isNumber) && lower.count > 1) {
            return "'\(name)' would be mistaken for a version reference; choose another alias."
        }
        return nil
    }
}
