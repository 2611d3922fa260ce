// Uncertainty scores on hand-made probability vectors, and k-center greedy on a toy embedding.
import Domain
import Foundation
import Testing

@Suite struct ActiveLearningTests {
    let sure: [Float] = [0.98, 0.01, 0.01]
    let torn: [Float] = [0.45, 0.44, 0.11]
    let flat: [Float] = [1.0 / 3, 1.0 / 3, 1.0 / 3]

    @Test func leastConfidenceIsOneMinusTheTopProbability() {
        #expect(abs(Uncertainty.leastConfidence(sure) - 0.02) < 1e-6)
        #expect(abs(Uncertainty.leastConfidence(torn) - 0.55) < 1e-6)
    }

    @Test func marginIsOneMinusTheGapBetweenTheTopTwo() {
        #expect(abs(Uncertainty.margin(sure) - 0.03) < 1e-6)
        #expect(abs(Uncertainty.margin(torn) - 0.99) < 1e-6)
        #expect(abs(Uncertainty.margin([0.2, 0.7, 0.1]) - 0.5) < 1e-6)  // order of classes does not matter
    }

    @Test func entropyIsLargestForAFlatDistribution() {
        #expect(abs(Uncertainty.entropy(flat) - log(3.0)) < 1e-6)
        #expect(abs(Uncertainty.entropy([1, 0, 0])) < 1e-12)
        let expected = -(0.45 * log(0.45) + 0.44 * log(0.44) + 0.11 * log(0.11))
        #expect(abs(Uncertainty.entropy(torn) - expected) < 1e-6)
    }

    @Test func everyStrategyRanksTheUnsureAboveTheSure() {
        for strategy in [AcquisitionStrategy.entropy, .margin, .leastConfidence] {
            #expect(strategy.score(torn) > strategy.score(sure), "\(strategy)")
        }
    }

    @Test func kCenterGreedyPicksSpreadOutPoints() {
        // Given three tight clusters of points on a line, the first cluster already labelled
        let embeddings: [[Float]] = [[0], [0.1], [0.2], [10], [10.1], [10.2], [20], [20.1]]
        // When two more are chosen among the rest
        let picked = KCenterGreedy.select(embeddings: embeddings, candidates: [1, 2, 3, 4, 5, 6, 7], anchors: [0], count: 2)
        // Then they come from the two unlabelled clusters, farthest first
        #expect(picked.count == 2)
        #expect(picked[0] >= 6 && (3...5).contains(picked[1]))
    }

    @Test func diversityReRanksTheTopOfTheQueue() {
        // Given near-duplicates with the highest scores and a distinct, slightly less uncertain image
        let scores = [0.9, 0.89, 0.88, 0.5]
        let embeddings: [[Float]] = [[0, 0], [0, 0.01], [0.01, 0], [5, 5]]
        // Without diversity the duplicates lead; with it the distinct image is second
        #expect(ActiveLearningRanking.rank(scores: scores, embeddings: embeddings, labelled: [], diversity: false, batch: 2) == [0, 1, 2, 3])
        let diverse = ActiveLearningRanking.rank(scores: scores, embeddings: embeddings, labelled: [], diversity: true, batch: 2)
        #expect(diverse.prefix(2).contains(3) && diverse.count == 4 && Set(diverse) == [0, 1, 2, 3])
        // And an image with no uncertainty at all is never pulled forward for being distinct
        let sure = ActiveLearningRanking.rank(scores: [0.9, 0.89, 0.88, 0], embeddings: embeddings, labelled: [], diversity: true, batch: 2)
        #expect(sure.last == 3)
    }
}

@Suite struct DetectionDoubtTests {
    @Test func doubtIsTheMeanOverTheBestPeaksOfTheirDistanceFromCertainty() {
        // Sure of two objects and of nothing else: no doubt; peaks at one half: all doubt
        #expect(Uncertainty.detection([0.99, 0.98, 0.01]) < 0.03)
        #expect(abs(Uncertainty.detection([0.5, 0.5]) - 1) < 1e-9)
        // One sure object and one in doubt: the mean of 2·min(p, 1 − p) over them
        #expect(abs(Uncertainty.detection([0.9, 0.4]) - (0.2 + 0.8) / 2) < 1e-6)
        // Only the best `topK` count, and no peak at all is no doubt
        #expect(abs(Uncertainty.detection([0.95, 0.95, 0.5, 0.5], topK: 2) - 0.1) < 1e-6)
        #expect(Uncertainty.detection([]) == 0)
    }
}
