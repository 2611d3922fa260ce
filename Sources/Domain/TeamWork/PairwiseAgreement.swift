// Agreement between named people who labelled the same images independently: per pair (box F1 and
// Cohen's κ on tags, over the images both labelled) and per person (their mean box F1 with everyone).

public struct NamedWork: Sendable, Equatable {
    public let person: String
    public let work: AnnotatorWork

    public init(person: String, work: AnnotatorWork) {
        self.person = person
        self.work = work
    }
}

public struct PairAgreement: Sendable, Equatable {
    public let first: String
    public let second: String
    /// Images both labelled.
    public let images: Int
    /// Mean box F1 over those images where either drew a box.
    public let boxF1: Double?
    public let tagKappa: Double?
}

public struct PersonAgreement: Sendable, Equatable {
    public let person: String
    /// Images they labelled that someone else labelled too.
    public let images: Int
    /// Mean over their pairs' per-image box F1s.
    public let boxF1: Double?
}

public enum PairwiseAgreement {
    /// `images`: for each image, each person's work on it.
    public static func pairs(_ images: [[NamedWork]]) -> [PairAgreement] {
        var byPair: [Pair: [(NamedWork, NamedWork)]] = [:]
        for works in images {
            let sorted = works.sorted { $0.person < $1.person }
            for i in sorted.indices { for j in sorted.indices where j > i { byPair[Pair(sorted[i].person, sorted[j].person), default: []].append((sorted[i], sorted[j])) } }
        }
        return byPair.keys.sorted().map { pair in
            let shared = byPair[pair]!
            let f1s = shared.compactMap { Agreement.boxF1($0.0.work.boxes, $0.1.work.boxes) }
            return PairAgreement(first: pair.first, second: pair.second, images: shared.count,
                                 boxF1: f1s.isEmpty ? nil : f1s.reduce(0, +) / Double(f1s.count),
                                 tagKappa: Agreement.cohenKappa(shared.map(\.0.work.tagCategory), shared.map(\.1.work.tagCategory)))
        }
    }

    public static func people(_ images: [[NamedWork]]) -> [PersonAgreement] {
        var f1s: [String: [Double]] = [:], counts: [String: Int] = [:]
        for works in images where works.count >= 2 {
            for work in works {
                counts[work.person, default: 0] += 1
                for other in works where other.person != work.person {
                    if let f1 = Agreement.boxF1(work.work.boxes, other.work.boxes) { f1s[work.person, default: []].append(f1) }
                }
            }
        }
        return counts.keys.sorted().map { person in
            let scores = f1s[person] ?? []
            return PersonAgreement(person: person, images: counts[person]!, boxF1: scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count))
        }
    }

    private struct Pair: Hashable, Comparable {
        let first: String, second: String
        init(_ first: String, _ second: String) { (self.first, self.second) = (first, second) }
        static func < (a: Pair, b: Pair) -> Bool { (a.first, a.second) < (b.first, b.second) }
    }
}
