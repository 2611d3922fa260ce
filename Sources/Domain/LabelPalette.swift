// Colours handed out in turn to labels created without one.

public enum LabelPalette {
    public static let colors = ["#e5484d", "#3e63dd", "#30a46c", "#f76b15", "#8e4ec6", "#12a594", "#d6409f", "#ffc53d"]

    /// The colour for the project's `index`-th label.
    public static func color(at index: Int) -> String { colors[index % colors.count] }
}
