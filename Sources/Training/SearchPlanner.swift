// Trials of a hyperparameter search: the grid's combinations in order, or distinct random draws,
// up to the trial budget.
import Domain
import Tensor

public struct SearchTrial: Sendable, Equatable {
    public let index: Int
    public let learningRate: Double
    public let batchSize: Int
    public let width: Int
    public let epochs: Int

    /// The choices as a JSON object, for the trials table.
    public var parametersJSON: String {
        "{\"batch_size\":\(batchSize),\"epochs\":\(epochs),\"learning_rate\":\(learningRate),\"width\":\(width)}"
    }

    func applied(to base: TrainingPlan) -> TrainingPlan {
        var plan = base
        plan.learningRate = Float(learningRate)
        plan.batchSize = batchSize
        plan.width = width
        plan.epochs = epochs
        if plan.architecture == .mlp { plan.hiddenLayers = max(plan.hiddenLayers, 1) }
        return plan
    }
}

public enum SearchPlanner {
    public static func trials(_ space: TrainingConfig.SearchSpace, seed: Int) -> [SearchTrial] {
        var combinations: [(Double, Int, Int, Int)] = []
        for lr in space.learningRate {
            for batch in space.batchSize {
                for width in space.width {
                    for epochs in space.epochs { combinations.append((lr, batch, width, epochs)) }
                }
            }
        }
        if space.strategy == .random {
            var generator = SeededGenerator(seed: UInt64(seed) &+ 0x5EA4C4)
            combinations.shuffle(using: &generator)
        }
        return combinations.prefix(space.trials).enumerated().map { i, c in
            SearchTrial(index: i, learningRate: c.0, batchSize: c.1, width: c.2, epochs: c.3)
        }
    }
}
