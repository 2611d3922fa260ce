// A user's role: what they may do across Loupe. Ordered from least to most privileged.

/// The four roles of the spec. `rank` orders them so "at least reviewer" is one comparison.
public enum Role: String, Codable, CaseIterable, Sendable, Comparable {
    case annotator
    case reviewer
    case data
    case admin

    public var rank: Int {
        switch self {
        case .annotator: 0
        case .reviewer: 1
        case .data: 2
        case .admin: 3
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }
}
