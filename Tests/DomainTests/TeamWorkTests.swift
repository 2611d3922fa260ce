// Batch plans, due days and @mentions: the pure rules behind team work.
import Testing
@testable import Domain

@Suite struct TeamWorkTests {
    @Test func aPlanWithoutASizeGivesEachAssigneeAnEvenShare() {
        let plan = BatchPlan(assignees: ["ann", "bob", "cy"])
        let parts = plan.split(Array(1...7))
        #expect(parts.map(\.imageIDs) == [[1, 2, 3], [4, 5, 6], [7]])
        #expect(parts.map(\.assignee) == [0, 1, 2])
        #expect(parts.map(\.name) == ["Batch 1", "Batch 2", "Batch 3"])
    }

    @Test func aPlanWithASizeRoundRobinsAndNamesItsBatches() {
        let plan = BatchPlan(name: "Dec", size: 2, assignees: ["ann", "bob"])
        let parts = plan.split([10, 11, 12, 13, 14], firstNumber: 4)
        #expect(parts.map(\.imageIDs) == [[10, 11], [12, 13], [14]])
        #expect(parts.map(\.assignee) == [0, 1, 0])
        #expect(parts.map(\.name) == ["Dec 1", "Dec 2", "Dec 3"])
        #expect(BatchPlan(name: "Only").split([1]).map(\.name) == ["Only"])
        #expect(BatchPlan().split([1, 2]).map(\.assignee) == [nil])
    }

    @Test func planViolationsNameTheirField() {
        #expect(BatchPlan(size: 0).violation()?.field == "size")
        #expect(BatchPlan(statuses: [.accepted]).violation()?.field == "statuses")
        #expect(BatchPlan(assignees: ["ann", "ANN"]).violation()?.field == "assignees")
        #expect(BatchPlan(dueOn: "24/12/2026").violation()?.field == "due_on")
        #expect(BatchPlan(size: 5, assignees: ["ann"], dueOn: "2028-02-29").violation() == nil)
    }

    @Test func dueDaysAreRealDays() {
        #expect(DueDay.isValid("2026-12-24"))
        #expect(DueDay.isValid("2024-02-29"))
        #expect(!DueDay.isValid("2026-02-29"))
        #expect(!DueDay.isValid("2026-13-01"))
        #expect(!DueDay.isValid("2026-1-01"))
        #expect(!DueDay.isValid("2026-12-2x"))
        #expect(DueDay.isOverdue("2026-12-01", today: "2026-12-02"))
        #expect(!DueDay.isOverdue("2026-12-02", today: "2026-12-02"))
        #expect(!DueDay.isOverdue(nil, today: "2026-12-02"))
    }

    @Test func mentionsAreNamesAfterAnAtThatStartsAWord() {
        #expect(Mentions.usernames(in: "@ann please look, thanks @Bob.") == ["ann", "bob"])
        #expect(Mentions.usernames(in: "mail me@example.com or @ann_") == ["ann"])
        #expect(Mentions.usernames(in: "@ann @ann @@ann (@cy-2)") == ["ann", "cy-2"])
        #expect(Mentions.usernames(in: "no one @ here, @_x nor @-y") == [])
    }

    @Test func groundTruthComesAfterAGapThatVariesAroundN() {
        let gaps = (0..<2_000).map { GroundTruthCadence.gap(every: 20, person: 7, served: $0) }
        #expect(gaps.allSatisfy { (10...30).contains($0) })
        #expect(Set(gaps).count > 15)  // not a count anyone can keep
        let mean = Double(gaps.reduce(0, +)) / Double(gaps.count)
        #expect(abs(mean - 20) < 0.5)
        // The same person at the same point always gets the same gap; others get theirs
        #expect(GroundTruthCadence.gap(every: 20, person: 7, served: 3) == gaps[3])
        #expect((0..<50).map { GroundTruthCadence.gap(every: 20, person: 8, served: $0) } != Array(gaps.prefix(50)))
        #expect(GroundTruthCadence.gap(every: 1, person: 7, served: 9) == 1)
        #expect(GroundTruthCadence.gap(every: 0, person: 7, served: 9) == 0)
    }
}
