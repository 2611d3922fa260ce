// Softmax with cross-entropy loss, fused so the gradient is simply (p − onehot) / N.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public enum SoftmaxCrossEntropy {
    public struct Result {
        /// Mean loss over the batch.
        public let loss: Float
        /// ∂loss/∂logits: (N,K)
        public let gradient: Tensor
        /// Rows whose arg-max is the label.
        public let correct: Int
    }

    // logits: (N,K), labels: N class indices
    public static func evaluate(logits: Tensor, labels: [Int]) -> Result {
        let (n, k) = (logits.batch, logits.itemSize)
        precondition(labels.count == n, "\(labels.count) labels for a batch of \(n)")
        var probabilities = softmax(logits)
        var loss: Float = 0
        var correct = 0
        probabilities.scalars.withUnsafeMutableBufferPointer { p in
            for row in 0..<n {
                let base = row * k, label = labels[row]
                var best = 0
                for j in 1..<k where p[base + j] > p[base + best] { best = j }
                if best == label { correct += 1 }
                loss -= logf(max(p[base + label], 1e-12))
                p[base + label] -= 1
            }
            let scale = 1 / Float(n)
            for i in 0..<p.count { p[i] *= scale }
        }
        return Result(loss: loss / Float(n), gradient: probabilities, correct: correct)
    }

    /// Row-wise softmax, shifted by the row maximum for stability.
    public static func softmax(_ logits: Tensor) -> Tensor {
        let (n, k) = (logits.batch, logits.itemSize)
        return Tensor(shape: [n, k]) { p in
            logits.scalars.withUnsafeBufferPointer { z in
                for row in 0..<n {
                    let base = row * k
                    var top = z[base]
                    for j in 1..<k { top = max(top, z[base + j]) }
                    var sum: Float = 0
                    for j in 0..<k {
                        let e = expf(z[base + j] - top)
                        p[base + j] = e
                        sum += e
                    }
                    let inverse = 1 / sum
                    for j in 0..<k { p[base + j] *= inverse }
                }
            }
        }
    }
}
