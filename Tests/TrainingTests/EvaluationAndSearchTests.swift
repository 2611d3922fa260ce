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

    @Test func gridSearchWalksCombinationsInOrderUpToTheBudget() {
        var space = TrainingConfig.SearchSpace()
        space.strategy = .grid
        space.learningRate = [0.1, 0.01]
        space.batchSize = [8]
        space.width = [16, 32]
        space.epochs = [5]
        space.trials = 3
        let trials = SearchPlanner.trials(space, seed: 1)
        #expect(trials.map(\.learningRate) == [0.1, 0.1, 0.01])
        #expect(trials.map(\.width) == [16, 32, 16])
    }

    @Test func randomSearchDrawsDistinctTrialsReproducibly() {
        var space = TrainingConfig.SearchSpace()
        space.trials = 5
        let first = SearchPlanner.trials(space, seed: 7), again = SearchPlanner.trials(space, seed: 7)
        #expect(first == again)
        #expect(Set(first.map(\.parametersJSON)).count == 5)
        #expect(first.map(\.index) == [0, 1, 2, 3, 4])
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
