// Evaluation figures and search trials on hand-made cases.
import Domain
import Testing
@testable import Training

@Suite struct EvaluationAndSearchTests {
    @Test func evaluationMatchesHandCountedFigures() {
        // Given truth and predictions over two classes: 3 cats (2 right), 2 dogs (1 right)
        let e = Evaluation(truth: [0, 0, 0, 1, 1], predicted: [0, 0, 1, 1, 0], classNames: ["cat", "dog"])
        // Then the confusion matrix and scores are as counted by hand
        #expect(e.confusion == [[2, 1], [1, 1]])
        #expect(e.accuracy == 0.6)
        #expect(abs(e.classes[0].precision - 2.0 / 3) < 1e-12 && abs(e.classes[0].recall - 2.0 / 3) < 1e-12)
        #expect(e.classes[1].precision == 0.5 && e.classes[1].recall == 0.5 && e.classes[1].f1 == 0.5)
        #expect(e.classes.map(\.support) == [3, 2])
        #expect(abs(e.macroF1 - (2.0 / 3 + 0.5) / 2) < 1e-12)
    }

    @Test func aClassNeverPredictedScoresZeroNotNaN() {
        let e = Evaluation(truth: [0, 1], predicted: [0, 0], classNames: ["a", "b"])
        #expect(e.classes[1].precision == 0 && e.classes[1].f1 == 0)
    }

    /// Runs a planner to its budget against `loss` (of a choice), as a search does one trial at a time.
    static func searched(_ planner: SearchPlanner, loss: (SearchChoice) -> Double) -> [(choice: SearchChoice, loss: Double)] {
        var done: [(choice: SearchChoice, loss: Double)] = []
        for index in 0..<planner.space.trials {
            guard let choice = planner.propose(index, finished: done.map { ($0.choice.position, $0.loss) },
                                               taken: Set(done.map(\.choice.position))) else { break }
            done.append((choice, loss(choice)))
        }
        return done
    }

    @Test func gridSearchWalksCombinationsInOrderUpToTheBudget() {
        var space = TrainingConfig.SearchSpace()
        space.strategy = .grid
        space.learningRate = [0.1, 0.01]
        space.batchSize = [8]
        space.width = [16, 32]
        space.epochs = [5]
        space.trials = 3
        let trials = Self.searched(SearchPlanner(space: space, seed: 1)) { _ in 1 }.map(\.choice)
        #expect(trials.map(\.learningRate) == [0.1, 0.1, 0.01])
        #expect(trials.map(\.width) == [16, 32, 16])
        #expect(trials.map(\.index) == [0, 1, 2])
    }

    @Test func randomSearchDrawsDistinctTrialsReproduciblyAndStopsWhenTheSpaceIsSpent() {
        var space = TrainingConfig.SearchSpace()
        space.trials = 5
        let first = Self.searched(SearchPlanner(space: space, seed: 7)) { _ in 1 }.map(\.choice)
        let again = Self.searched(SearchPlanner(space: space, seed: 7)) { _ in 1 }.map(\.choice)
        #expect(first == again)
        #expect(Set(first.map(\.parametersJSON)).count == 5)
        space.learningRate = [0.01]
        space.batchSize = [8]
        space.width = [16, 32]
        space.epochs = [5]
        #expect(Self.searched(SearchPlanner(space: space, seed: 7)) { _ in 1 }.count == 2)
    }

    @Test func theSpaceCoversBackbonesAndInputSizesAndARefusedCombinationNamesItsField() throws {
        var space = TrainingConfig.SearchSpace()
        space.convChannels = [[16], [16, 32, 64, 64]]
        space.inputSize = [8, 64]
        let planner = SearchPlanner(space: space, seed: 1)
        #expect(planner.dimensions == [3, 3, 3, 2, 2, 2] && planner.combinations == 216)
        let deep = planner.choice(0, at: [0, 0, 0, 0, 1, 0])
        #expect(deep.parametersJSON.contains("\"conv_channels\":[16,32,64,64]") && deep.parametersJSON.contains("\"input_size\":8"))
        // Four pooling blocks shrink 8 pixels to nothing: refused, naming the field
        #expect(throws: TrainingConfigError.self) { try deep.applied(to: TrainingConfig()) }
        let fine = try planner.choice(1, at: [0, 0, 0, 0, 1, 1]).applied(to: TrainingConfig())
        #expect(fine.convChannels == [16, 32, 64, 64] && fine.inputSize == 64 && fine.search == nil)
    }

    @Test func tpeFindsBetterTrialsThanRandomOnTheSameBudget() {
        // A loss that is lowest at one corner of a 6×6×6 space, with no noise: TPE should home in
        var space = TrainingConfig.SearchSpace()
        space.learningRate = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2]
        space.batchSize = [8, 16, 32, 64, 128, 256]
        space.width = [8, 16, 32, 64, 128, 256]
        space.epochs = [10]
        space.trials = 20
        func loss(_ c: SearchChoice) -> Double {
            Double(c.position[0] - 4) * Double(c.position[0] - 4) + Double(c.position[1] - 1) * Double(c.position[1] - 1)
                + Double(c.position[2] - 3) * Double(c.position[2] - 3)
        }
        var tpeBest = 0.0, randomBest = 0.0
        for seed in 1...10 {
            space.strategy = .tpe
            tpeBest += Self.searched(SearchPlanner(space: space, seed: seed), loss: loss).map(\.loss).min()!
            space.strategy = .random
            randomBest += Self.searched(SearchPlanner(space: space, seed: seed), loss: loss).map(\.loss).min()!
        }
        #expect(tpeBest < randomBest, "mean best loss: TPE \(tpeBest / 10), random \(randomBest / 10)")
    }

    @Test func theMedianRuleStopsATrialWorseThanTheFinishedOnesAfterTheWarmUp() {
        let finished = [[1.0, 0.8, 0.6, 0.5], [1.1, 0.9, 0.7, 0.6], [0.9, 0.7, 0.5]]
        // Worse than the median at epoch 3 (0.6): stopped; at epoch 2 the warm-up still protects it
        #expect(MedianRule.shouldStop(curve: [1.2, 1.0, 0.9], finished: finished))
        #expect(!MedianRule.shouldStop(curve: [1.2, 1.0], finished: finished))
        #expect(!MedianRule.shouldStop(curve: [1.0, 0.8, 0.55], finished: finished))
        // Epoch 4: only two finished trials reached it (median 0.55)
        #expect(MedianRule.shouldStop(curve: [1, 1, 0.5, 0.56], finished: finished))
        // Fewer than two finished trials: never stopped
        #expect(!MedianRule.shouldStop(curve: [9, 9, 9], finished: [finished[0]]))
        #expect(MedianRule.bestSoFar([3, 1, 2, 0.5]) == [3, 1, 1, 0.5])
    }

    @Test func theSplitByImageIDIsStableAndNearTheFraction() {
        let validation = (1...2000).filter { Dataset.isValidation(imageID: Int64($0), fraction: 0.2) }
        #expect((330...470).contains(validation.count))
        #expect(validation == (1...2000).filter { Dataset.isValidation(imageID: Int64($0), fraction: 0.2) })
    }

    @Test func mirroringFlipsRowsLeftToRight() {
        // Given a 2×2 RGB sample
        let pixels: [UInt8] = [1, 1, 1, 2, 2, 2,
                               3, 3, 3, 4, 4, 4]
        #expect(ClassifierTrainer.mirrored(pixels, side: 2) == [2, 2, 2, 1, 1, 1, 4, 4, 4, 3, 3, 3])
    }
}
