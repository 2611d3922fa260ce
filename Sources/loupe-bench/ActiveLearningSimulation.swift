// The active-learning benchmark: pool-based simulation on the real digits. Start from 20 random
// labels, add 10 per round chosen by a strategy, retrain a tensor-core MLP from scratch, and measure
// held-out accuracy; report the labels each strategy needs to reach 90 % and 95 %.
import Domain
import Foundation
import Tensor

struct ActiveLearningSimulation {
    let images: [[Float]]
    let labels: [Int]
    let seeds = 5
    let initial = 20
    let step = 10
    let budget = 700

    struct Run { let strategy: String; let seed: Int; let curve: [(labels: Int, accuracy: Double)] }

    /// (name, strategy, diversity) in report order; random first, as the reference.
    static let strategies: [(String, AcquisitionStrategy, Bool)] = [
        ("random", .random, false), ("least_confidence", .leastConfidence, false), ("entropy", .entropy, false),
        ("margin", .margin, false), ("margin+diversity", .margin, true), ("entropy+diversity", .entropy, true),
    ]

    func run(strategy: AcquisitionStrategy, diversity: Bool, seed: Int) -> [(labels: Int, accuracy: Double)] {
        var generator = SeededGenerator(seed: UInt64(1000 + seed))
        var order = Array(images.indices)
        order.shuffle(using: &generator)
        let test = Array(order.prefix(images.count * 3 / 10))
        let pool = Array(order.dropFirst(test.count))
        var labelled = Array(pool.prefix(initial))
        var unlabelled = Array(pool.dropFirst(initial))
        var curve: [(Int, Double)] = []
        while true {
            let network = train(labelled, seed: UInt64(seed))
            let accuracy = score(network, test)
            curve.append((labelled.count, accuracy))
            if accuracy >= 0.95 || labelled.count >= budget || unlabelled.isEmpty { break }
            let picked: [Int]
            if strategy == .random {
                unlabelled.shuffle(using: &generator)
                picked = Array(unlabelled.prefix(step))
            } else {
                let (probabilities, embeddings) = predict(network, unlabelled)
                let labelledEmbeddings = diversity ? predict(network, labelled).embeddings : []
                let ranked = ActiveLearningRanking.rank(
                    scores: probabilities.map(strategy.score), embeddings: embeddings + labelledEmbeddings,
                    labelled: diversity ? Array(unlabelled.count..<(unlabelled.count + labelled.count)) : [],
                    diversity: diversity, batch: step)
                picked = ranked.prefix(step).map { unlabelled[$0] }
            }
            let chosen = Set(picked)
            labelled += picked
            unlabelled.removeAll { chosen.contains($0) }
        }
        return curve
    }

    /// An MLP 64-64-10 trained from scratch: 250 full-batch Adam steps.
    private func train(_ indices: [Int], seed: UInt64) -> Network {
        let network = Network(architecture: Architecture(kind: .mlp, inputHeight: 8, inputWidth: 8, inputChannels: 1, classes: 10,
                                                         hiddenWidths: [64]), seed: seed)
        let optimizer = Adam(learningRate: 0.01, weightDecay: 1e-4)
        let x = batch(indices)
        let y = indices.map { labels[$0] }
        for _ in 0..<250 { network.trainStep(x, labels: y, optimizer: optimizer) }
        return network
    }

    private func batch(_ indices: [Int]) -> Tensor {
        Tensor(shape: [indices.count, 8, 8, 1], scalars: indices.flatMap { images[$0] })
    }

    private func predict(_ network: Network, _ indices: [Int]) -> (probabilities: [[Float]], embeddings: [[Float]]) {
        let (p, e) = network.predict(batch(indices))
        let (k, d) = (p.itemSize, e.itemSize)
        return ((0..<indices.count).map { Array(p.scalars[($0 * k)..<($0 * k + k)]) },
                (0..<indices.count).map { Array(e.scalars[($0 * d)..<($0 * d + d)]) })
    }

    private func score(_ network: Network, _ indices: [Int]) -> Double {
        let probabilities = predict(network, indices).probabilities
        let right = zip(probabilities, indices).filter { p, i in p.indices.max { p[$0] < p[$1] } == labels[i] }.count
        return Double(right) / Double(indices.count)
    }

    /// Labels needed to reach `threshold`, per strategy: the mean over seeds (a seed that never gets
    /// there within the budget counts as the budget), and how many seeds got there.
    func report() -> [[String: Any]] {
        Self.strategies.map { name, strategy, diversity in
            let curves = (0..<seeds).map { run(strategy: strategy, diversity: diversity, seed: $0) }
            func needed(_ threshold: Double) -> (mean: Double, reached: Int) {
                let counts = curves.map { curve in curve.first { $0.accuracy >= threshold }?.labels }
                return (Double(counts.map { $0 ?? budget }.reduce(0, +)) / Double(seeds), counts.compactMap { $0 }.count)
            }
            let (n90, r90) = needed(0.90), (n95, r95) = needed(0.95)
            return ["strategy": name, "labels_90": n90, "reached_90": r90, "labels_95": n95, "reached_95": r95,
                    "final_accuracy": curves.map { $0.last!.accuracy }.reduce(0, +) / Double(seeds)]
        }
    }
}

/// Scoring throughput: the default CNN's probabilities and embeddings, then entropy, for 10,000
/// random 64×64 RGB images in batches of 64.
func scoringThroughput() -> Double {
    let network = Network(architecture: Architecture(kind: .cnn, inputHeight: 64, inputWidth: 64, inputChannels: 3, classes: 10,
                                                     convChannels: [16, 32, 64]), seed: 1)
    var generator = SeededGenerator(seed: 3)
    let batch = Tensor(shape: [64, 64, 64, 3], scalars: (0..<(64 * 64 * 64 * 3)).map { _ in generator.nextNormal() })
    let images = 10_000
    let elapsed = seconds {
        var remaining = images
        while remaining > 0 {
            let n = min(64, remaining)
            let (p, _) = network.predict(n == 64 ? batch : batch.rows(0..<n))
            for row in 0..<n { _ = Uncertainty.entropy(Array(p.scalars[(row * 10)..<(row * 10 + 10)])) }
            remaining -= n
        }
    }
    return Double(images) / elapsed
}
