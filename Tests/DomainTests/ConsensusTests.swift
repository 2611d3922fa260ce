// Consensus proposals, pairwise agreement and ground-truth accuracy on small hand-made sets.
import Testing
@testable import Domain

@Suite struct ConsensusTests {
    let bird: Int64 = 1, cat: Int64 = 2

    @Test func boxesMostPeopleDrewAreKeptAsTheirMeanWithTheMajorityLabel() {
        // Given three people: all drew the same bird (slightly apart), one called it a cat; two drew a
        // second box; one drew a stray box nobody else drew
        let work: [[Shape]] = [
            [.box(labelID: bird, x: 10, y: 10, width: 100, height: 50), .box(labelID: cat, x: 300, y: 300, width: 40, height: 40)],
            [.box(labelID: bird, x: 14, y: 12, width: 96, height: 52), .box(labelID: cat, x: 302, y: 298, width: 40, height: 42)],
            [.box(labelID: cat, x: 12, y: 8, width: 104, height: 48), .box(labelID: bird, x: 600, y: 10, width: 30, height: 30)],
        ]
        let proposal = Consensus.propose(work)
        // Then the shared bird is the mean box with the majority's label, the pair's box stays, the stray goes
        #expect(proposal.shapes == [.box(labelID: bird, x: 12, y: 10, width: 100, height: 50),
                                    .box(labelID: cat, x: 301, y: 299, width: 40, height: 41)])
        #expect(proposal.support == [3, 2])
        #expect(proposal.people == 3)
    }

    @Test func onePersonNeverCountsTwiceAndTagsNeedAMajority() {
        // One person drew the same box twice; the other once: that is two people, not three
        let work: [[Shape]] = [
            [.box(labelID: bird, x: 0, y: 0, width: 10, height: 10), .box(labelID: bird, x: 0, y: 0, width: 10, height: 10), .tag(labelID: cat)],
            [.box(labelID: bird, x: 1, y: 0, width: 10, height: 10)],
        ]
        let proposal = Consensus.propose(work)
        #expect(proposal.support == [2])  // the duplicate forms its own group of one, which is dropped
        #expect(!proposal.shapes.contains(.tag(labelID: cat)))  // one of two people is not a majority
        let tagged = Consensus.propose([[.tag(labelID: cat)], [.tag(labelID: cat)], []])
        #expect(tagged.shapes == [.tag(labelID: cat)] && tagged.support == [2])
    }

    @Test func aPolygonGroupKeepsTheOutlineThatAgreesMost() {
        let square = { (offset: Double) -> Shape in
            .polygon(labelID: self.bird, points: [Point(x: offset, y: 0), Point(x: offset + 50, y: 0), Point(x: offset + 50, y: 50), Point(x: offset, y: 50)])
        }
        let proposal = Consensus.propose([[square(0)], [square(4)], [square(8)]])
        #expect(proposal.shapes == [square(4)])  // the middle one overlaps both others most
        // A box and a polygon over the same place are not one object
        #expect(Consensus.propose([[square(0)], [.box(labelID: bird, x: 0, y: 0, width: 50, height: 50)]]).shapes.isEmpty)
    }

    @Test func agreementPerPairAndPerPerson() {
        let box = Shape.box(labelID: bird, x: 0, y: 0, width: 10, height: 10)
        let far = Shape.box(labelID: bird, x: 100, y: 100, width: 10, height: 10)
        let image1 = [NamedWork(person: "ann", work: AnnotatorWork(shapes: [box, .tag(labelID: cat)])),
                      NamedWork(person: "bob", work: AnnotatorWork(shapes: [box, .tag(labelID: cat)])),
                      NamedWork(person: "cy", work: AnnotatorWork(shapes: [far]))]
        let image2 = [NamedWork(person: "bob", work: AnnotatorWork(shapes: [box])), NamedWork(person: "ann", work: AnnotatorWork(shapes: [box]))]
        let pairs = PairwiseAgreement.pairs([image1, image2])
        #expect(pairs.map { "\($0.first)-\($0.second)" } == ["ann-bob", "ann-cy", "bob-cy"])
        #expect(pairs[0].images == 2 && pairs[0].boxF1 == 1)
        #expect(pairs[1].images == 1 && pairs[1].boxF1 == 0)
        #expect(pairs[0].tagKappa == 1)  // ann and bob: {cat} and {} on both images alike
        let people = PairwiseAgreement.people([image1, image2])
        #expect(people.map(\.person) == ["ann", "bob", "cy"])
        #expect(people[0].images == 2 && people[0].boxF1 == 2.0 / 3.0)  // 1 with bob twice, 0 with cy once
        #expect(people[2].boxF1 == 0)
    }

    @Test func accuracyAgainstGroundTruth() {
        let truth = AnnotatorWork(shapes: [.box(labelID: bird, x: 0, y: 0, width: 10, height: 10), .tag(labelID: cat)])
        let checks = [
            GroundTruthCheck(person: "ann", work: truth, truth: truth),
            GroundTruthCheck(person: "ann", work: AnnotatorWork(shapes: [.box(labelID: cat, x: 0, y: 0, width: 10, height: 10)]), truth: truth),
            GroundTruthCheck(person: "bob", work: AnnotatorWork(shapes: []), truth: AnnotatorWork(shapes: [])),
        ]
        let accuracy = GroundTruthScore.accuracy(checks)
        #expect(accuracy.map(\.person) == ["ann", "bob"])
        #expect(accuracy[0].images == 2 && accuracy[0].boxF1 == 0.5 && accuracy[0].tagAccuracy == 0.5)
        #expect(accuracy[1].boxF1 == nil && accuracy[1].tagAccuracy == nil)  // nothing to get right or wrong
    }
}
