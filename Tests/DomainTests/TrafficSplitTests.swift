// How a rollout splits traffic: a share of callers, the same callers each time, reshuffled per rollout.
import Domain
import Testing

@Suite struct TrafficSplitTests {
    @Test func tenThousandKeysLandWithinTwoPointsOfEachShare() {
        // Given 10,000 caller keys
        let keys = (0..<10_000).map { "token:\($0)" }
        for share in [1.0, 5, 20, 25, 50, 90] {
            // When each is placed for one rollout
            let taken = keys.filter { TrafficSplit.takesCandidate(position: TrafficSplit.position(of: $0, salt: 7), sharePercent: share) }.count
            // Then the candidate's fraction is the share, within ±2 points
            #expect(abs(Double(taken) / 100 - share) <= 2, "share \(share): \(taken) of 10,000")
        }
    }

    @Test func aKeyStaysOnItsArmAndGrowsWithTheShare() {
        // Given keys placed at 5 % and again at 25 % of the same rollout
        let keys = (0..<2000).map { "user:u\($0)" }
        let atFive = Set(keys.filter { TrafficSplit.takesCandidate(position: TrafficSplit.position(of: $0, salt: 3), sharePercent: 5) })
        let atTwentyFive = Set(keys.filter { TrafficSplit.takesCandidate(position: TrafficSplit.position(of: $0, salt: 3), sharePercent: 25) })
        // Then the same key always lands in the same place, and the 5 % are among the 25 %
        #expect(TrafficSplit.position(of: "user:u1", salt: 3) == TrafficSplit.position(of: "user:u1", salt: 3))
        #expect(atFive.isSubset(of: atTwentyFive) && !atFive.isEmpty)
    }

    @Test func anotherRolloutReshufflesTheKeys() {
        let keys = (0..<2000).map { "k\($0)" }
        let first = Set(keys.filter { TrafficSplit.takesCandidate(position: TrafficSplit.position(of: $0, salt: 1), sharePercent: 20) })
        let second = Set(keys.filter { TrafficSplit.takesCandidate(position: TrafficSplit.position(of: $0, salt: 2), sharePercent: 20) })
        // About 20 % of 20 % overlap by chance, far from all of them
        #expect(first.intersection(second).count < first.count / 2)
    }

    @Test func positionsSpreadEvenlyOverTheUnitInterval() {
        // Ten deciles of 10,000 keys each hold about a thousand
        var deciles = [Int](repeating: 0, count: 10)
        for i in 0..<10_000 { deciles[Int(TrafficSplit.position(of: "caller-\(i)", salt: 42) * 10)] += 1 }
        #expect(deciles.allSatisfy { (900...1100).contains($0) }, "\(deciles)")
    }
}
