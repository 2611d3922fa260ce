// scikit-learn's digits (Fixtures/digits.csv): 1,797 real 8×8 handwritten digits, pixel values 0–16.
import Foundation
import Tensor
import Testing

struct Digits {
    var images: [[Float]] = []
    var labels: [Int] = []

    static func load() throws -> Digits {
        let url = try #require(Bundle.module.url(forResource: "digits", withExtension: "csv", subdirectory: "Fixtures"))
        var digits = Digits()
        for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") {
            let values = line.split(separator: ",").compactMap { Int($0) }
            guard values.count == 65 else { continue }
            digits.images.append(values.prefix(64).map { Float($0) / 16 })
            digits.labels.append(values[64])
        }
        return digits
    }

    /// A fixed split: every fourth digit is held out for testing.
    func split() -> (train: Digits, test: Digits) {
        var train = Digits(), test = Digits()
        for i in images.indices {
            if i % 4 == 0 {
                test.images.append(images[i]); test.labels.append(labels[i])
            } else {
                train.images.append(images[i]); train.labels.append(labels[i])
            }
        }
        return (train, test)
    }

    func batch(_ indices: ArraySlice<Int>) -> (Tensor, [Int]) {
        (Tensor(shape: [indices.count, 8, 8, 1], scalars: indices.flatMap { images[$0] }), indices.map { labels[$0] })
    }

    /// Trains for `epochs` shuffled passes in batches of `batchSize`.
    func train(_ network: Network, optimizer: Optimizer, epochs: Int, batchSize: Int = 32, seed: UInt64 = 3) {
        var generator = SeededGenerator(seed: seed)
        var order = Array(images.indices)
        for _ in 0..<epochs {
            order.shuffle(using: &generator)
            for start in stride(from: 0, to: order.count, by: batchSize) {
                let (x, y) = batch(order[start..<min(start + batchSize, order.count)])
                network.trainStep(x, labels: y, optimizer: optimizer)
            }
        }
    }

    func accuracy(of network: Network) -> Double {
        let (x, y) = batch(Array(images.indices)[...])
        let probabilities = network.predict(x).probabilities
        let correct = y.indices.filter { row in
            let p = probabilities.scalars[(row * 10)..<(row * 10 + 10)]
            return p.firstIndex(of: p.max()!)! - row * 10 == y[row]
        }.count
        return Double(correct) / Double(y.count)
    }
}
