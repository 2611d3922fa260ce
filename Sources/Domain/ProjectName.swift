// What a project name may be.
import Foundation

public enum ProjectName {
    public static let rule = "A project name is 1–100 characters."

    /// The name trimmed of surrounding whitespace, or nil when it breaks the rule.
    public static func normalised(_ raw: String) -> String? {
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        return (1...100).contains(trimmed.count) && !trimmed.contains(where: { $0.isNewline }) ? trimmed : nil
    }
}

