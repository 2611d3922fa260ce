// Which of an image's shapes a model proposed: tags by their label (the classifier version that
// suggested them), boxes by their position in the set (the detector suggestion an annotator accepted).

public struct ShapeOrigins: Sendable, Equatable {
    /// label id → model version id, for tags accepted from a suggestion.
    public var tagVersions: [Int64: Int64]
    /// position in the set → box suggestion id, for boxes accepted from a suggestion.
    public var boxSuggestions: [Int: Int64]
    /// box suggestion id → the version that proposed it (read back only).
    public var suggestionVersions: [Int64: Int64]
    /// The accepted suggestions whose box was changed before or after it was accepted (read back only).
    public var editedSuggestions: Set<Int64>

    public init(tagVersions: [Int64: Int64] = [:], boxSuggestions: [Int: Int64] = [:],
                suggestionVersions: [Int64: Int64] = [:], editedSuggestions: Set<Int64> = []) {
        self.tagVersions = tagVersions
        self.boxSuggestions = boxSuggestions
        self.suggestionVersions = suggestionVersions
        self.editedSuggestions = editedSuggestions
    }
}
