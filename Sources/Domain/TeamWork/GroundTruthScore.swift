// How well one person's work matches ground truth: box F1 at IoU ≥ 0.5 against the trusted boxes,
// and tag accuracy (the share of images whose tags they got exactly right).

public struct GroundTruthCheck: Sendable, Equatable {
    public let person: String
    public let work: AnnotatorWork
    public let truth: AnnotatorWork

    public init(person: String, work: AnnotatorWork, truth: AnnotatorWork) {
        (self.person, self.work, self.truth) = (person, work, truth)
    }
}

public struct PersonAccuracy: Sendable, Equatable {
    public let person: String
    /// Ground-truth images they labelled and submitted.
    public let images: Int
    /// Mean box F1 over those images where they or the truth has a box.
    public let boxF1: Double?
    /// Share of the images whose tag set they matched exactly.
    public let tagAccuracy: Double?
}

public enum GroundTruthScore {
    public static func accuracy(_ checks: [GroundTruthCheck]) -> [PersonAccuracy] {
        Dictionary(grouping: checks, by: \.person).keys.sorted().map { person in
            let mine = checks.filter { $0.person == person }
            let f1s = mine.compactMap { Agreement.boxF1($0.work.boxes, $0.truth.boxes) }
            let tagged = mine.filter { !$0.truth.tagCategory.isEmpty || !$0.work.tagCategory.isEmpty }
            return PersonAccuracy(person: person, images: mine.count, boxF1: f1s.isEmpty ? nil : f1s.reduce(0, +) / Double(f1s.count),
                                  tagAccuracy: tagged.isEmpty ? nil : Double(tagged.filter { $0.work.tagCategory == $0.truth.tagCategory }.count) / Double(tagged.count))
        }
    }
}
