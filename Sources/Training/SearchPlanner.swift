// What a search tries: each trial a choice per dimension of the space (learning rate, batch size,
// width, epochs, backbone, input size). Grid walks the combinations in order, random draws distinct
// ones, and TPE (a Tree-structured Parzen Estimator, Optuna's default sampler) starts at random and
// then proposes the candidate whose choices are most frequent among the best quarter of the finished
// trials relative to the rest. The median rule stops a trial early when its validation loss is worse
// than the median of finished trials at the same epoch.
import Domain
import Foundation
import Tensor

/// One trial's values.
public struct SearchChoice: Sendable, Equatable {
    public let index: Int
    /// The index of the choice in each dimension (see `SearchPlanner.dimensions`).
    public let position: [Int]
    public let learningRate: Double
    public let batchSize: Int
    public let width: Int
    public let epochs: Int
    /// nil: the config's own.
    public let convChannels: [Int]?
    public let inputSize: Int?

    /// The values that differ between trials, as a JSON object (the trials table and its plot).
    public var parametersJSON: String {
        var fields = ["\"batch_size\":\(batchSize)", "\"epochs\":\(epochs)", "\"learning_rate\":\(learningRate)", "\"width\":\(width)"]
        if let convChannels { fields.append("\"conv_channels\":[\(convChannels.map(String.init).joined(separator: ","))]") }
        if let inputSize { fields.append("\"input_size\":\(inputSize)") }
        return "{" + fields.sorted().joined(separator: ",") + "}"
    }

    /// The search job's config with this trial's values, checked as a new config would be (a backbone
    /// too deep for an input size is refused here, naming the field).
    public func applied(to base: TrainingConfig) throws -> TrainingConfig {
        var config = base
        config.search = nil
        config.learningRate = learningRate
        config.batchSize = batchSize
        config.width = width
        config.epochs = epochs
        if let convChannels { config.convChannels = convChannels }
        if let inputSize { config.inputSize = inputSize }
        if config.architecture == .mlp, config.effectiveHiddenLayers == 0 { config.hiddenLayers = 1 }
        return try JSONDecoder().decode(TrainingConfig.self, from: try JSONEncoder().encode(config))
    }
}

public struct SearchPlanner: Sendable {
    public let space: TrainingConfig.SearchSpace
    public let seed: Int

    public init(space: TrainingConfig.SearchSpace, seed: Int) { (self.space, self.seed) = (space, seed) }

    /// Choices per dimension: learning rate, batch size, width, epochs, backbone, input size.
    public var dimensions: [Int] {
        [space.learningRate.count, space.batchSize.count, space.width.count, space.epochs.count,
         max(space.convChannels.count, 1), max(space.inputSize.count, 1)]
    }

    public var combinations: Int { dimensions.reduce(1, *) }

    public func choice(_ index: Int, at position: [Int]) -> SearchChoice {
        SearchChoice(index: index, position: position, learningRate: space.learningRate[position[0]], batchSize: space.batchSize[position[1]],
                     width: space.width[position[2]], epochs: space.epochs[position[3]],
                     convChannels: space.convChannels.isEmpty ? nil : space.convChannels[position[4]],
                     inputSize: space.inputSize.isEmpty ? nil : space.inputSize[position[5]])
    }

    /// Combination `n` in order, the first dimension slowest.
    func position(ofCombination n: Int) -> [Int] {
        var rest = n, position = [Int](repeating: 0, count: dimensions.count)
        for d in dimensions.indices.reversed() {
            position[d] = rest % dimensions[d]
            rest /= dimensions[d]
        }
        return position
    }

    /// Trial `index`'s choice given the finished trials (position and validation loss) and every
    /// position already handed out; nil when the space has nothing new left.
    public func propose(_ index: Int, finished: [(position: [Int], loss: Double)], taken: Set<[Int]>) -> SearchChoice? {
        guard taken.count < combinations else { return nil }
        switch space.strategy {
        case .grid:
            return (0..<combinations).lazy.map(position(ofCombination:)).first { !taken.contains($0) }.map { choice(index, at: $0) }
        case .random:
            return randomChoice(index, taken: taken)
        case .tpe:
            guard finished.count >= startupTrials else { return randomChoice(index, taken: taken) }
            return parzenChoice(index, finished: finished, taken: taken) ?? randomChoice(index, taken: taken)
        }
    }

    /// TPE's random start: enough finished trials to tell good from bad.
    var startupTrials: Int { max(2, min(5, space.trials / 3)) }

    /// The first of a seeded shuffle of every combination that is not taken: distinct and reproducible.
    func randomChoice(_ index: Int, taken: Set<[Int]>) -> SearchChoice? {
        var generator = SeededGenerator(seed: UInt64(seed) &+ 0x5EA4C4)
        var order = Array(0..<combinations)
        order.shuffle(using: &generator)
        return order.lazy.map(position(ofCombination:)).first { !taken.contains($0) }.map { choice(index, at: $0) }
    }

    /// The best of 24 candidates drawn from l (the good trials' smoothed choice frequencies), scored
    /// by Σ log l(x) − log g(x) over the dimensions (g: the other trials').
    func parzenChoice(_ index: Int, finished: [(position: [Int], loss: Double)], taken: Set<[Int]>) -> SearchChoice? {
        let ranked = finished.sorted { $0.loss < $1.loss }
        let goodCount = max(1, Int((0.25 * Double(ranked.count)).rounded(.up)))
        let good = ranked.prefix(goodCount).map(\.position), bad = ranked.dropFirst(goodCount).map(\.position)
        func density(_ trials: [[Int]], _ d: Int) -> [Double] {
            let m = dimensions[d]
            var counts = [Double](repeating: 1, count: m)  // one pseudo-count per choice
            for position in trials { counts[position[d]] += 1 }
            let total = counts.reduce(0, +)
            return counts.map { $0 / total }
        }
        let l = dimensions.indices.map { density(good, $0) }, g = dimensions.indices.map { density(bad, $0) }
        var generator = SeededGenerator(seed: UInt64(seed) &* 31 &+ UInt64(index) &+ 0x7E5)
        var best: (position: [Int], score: Double)?
        for _ in 0..<24 {
            let candidate = l.map { weights -> Int in
                var u = Double(generator.nextUnit()), pick = 0
                while pick < weights.count - 1, u >= weights[pick] { u -= weights[pick]; pick += 1 }
                return pick
            }
            guard !taken.contains(candidate) else { continue }
            let score = dimensions.indices.reduce(0.0) { $0 + log(l[$1][candidate[$1]]) - log(g[$1][candidate[$1]]) }
            if best == nil || score > best!.score { best = (candidate, score) }
        }
        return best.map { choice(index, at: $0.position) }
    }
}

/// Optuna's median rule: after the warm-up epochs, a trial whose best validation loss so far is worse
/// than the median of the finished trials' best at the same epoch stops (at least two of them must have
/// reached that epoch).
public enum MedianRule {
    public static let warmupEpochs = 2
    public static let minimumFinished = 2

    /// `curve` and each of `finished`: the best validation loss so far after each epoch.
    public static func shouldStop(curve: [Double], finished: [[Double]]) -> Bool {
        let epoch = curve.count
        guard epoch > warmupEpochs, let current = curve.last else { return false }
        let others = finished.filter { $0.count >= epoch }.map { $0[epoch - 1] }
        guard others.count >= minimumFinished, let median = median(others) else { return false }
        return current > median
    }

    public static func median(_ values: [Double]) -> Double? {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return nil }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// The best-so-far curve of a run of validation losses.
    public static func bestSoFar(_ losses: [Double]) -> [Double] {
        var best = Double.infinity
        return losses.map { best = min(best, $0); return best }
    }
}
