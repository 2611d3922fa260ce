// How registry pages show metrics: readable names, accuracies as percentages, counts as whole numbers.
import Foundation

public enum MetricDisplay {
    /// Words people write, for the keys trainers and uploads use.
    static let knownNames = [
        "validation_accuracy": "Validation accuracy", "validation_loss": "Validation loss", "macro_f1": "Macro F1",
        "train_samples": "Training samples", "validation_samples": "Validation samples", "best_epoch": "Best epoch",
        "epochs_run": "Epochs run", "parameter_count": "Parameters", "tags_from_suggestions": "Tags from suggestions",
        "train_accuracy": "Training accuracy", "train_loss": "Training loss",
        "ap": "AP@[.5:.95]", "ap50": "AP50", "ap75": "AP75", "boxes": "Boxes",
    ]

    /// Average precisions, shown as percentages like accuracies.
    static let averagePrecisions: Set = ["ap", "ap50", "ap75"]

    /// The order metrics are shown in: the ones people compare first, then the rest by name.
    static let leading = ["ap50", "ap", "ap75", "validation_accuracy", "macro_f1", "validation_loss", "validation_samples", "train_samples"]

    /// `validation_accuracy` → "Validation accuracy"; unknown keys lose their underscores and get a capital.
    public static func name(_ key: String) -> String {
        if let known = knownNames[key] { return known }
        let words = key.replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "-", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    /// Accuracies and F1 as percentages, counts grouped, other numbers to four significant digits.
    public static func value(_ key: String, _ value: Double) -> String {
        guard value.isFinite else { return "—" }
        if key.contains("accuracy") || key.hasSuffix("_f1") || key == "f1" || averagePrecisions.contains(key) {
            return String(format: "%.1f %%", value * 100)
        }
        if value.rounded() == value && abs(value) < 1e15 {
            let formatter = NumberFormatter()
            formatter.numberStyle = .decimal
            formatter.groupingSeparator = ","
            formatter.usesGroupingSeparator = true
            return formatter.string(from: NSNumber(value: Int64(value))) ?? String(Int64(value))
        }
        return String(format: "%.4g", value)
    }

    /// Keys in display order.
    public static func ordered(_ keys: some Sequence<String>) -> [String] {
        let all = Set(keys)
        return leading.filter(all.contains) + all.subtracting(leading).sorted()
    }
}
