// A batch's due day: a calendar day as YYYY-MM-DD, compared as text (the format sorts by date).

public enum DueDay {
    /// True for a real day written as YYYY-MM-DD (2026-02-30 is not one).
    public static func isValid(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), year >= 1970 else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...days).contains(day)
    }

    /// A batch due on `dueOn` with work left is overdue once `today` (YYYY-MM-DD, UTC) is past it.
    public static func isOverdue(_ dueOn: String?, today: String) -> Bool {
        guard let dueOn else { return false }
        return today > dueOn
    }
}
