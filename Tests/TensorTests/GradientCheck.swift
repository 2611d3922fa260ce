// Finite-difference checks shared by the layer tests.
import Tensor

/// Central differences of L = Σ y·r against the layer's backward, for inputs and parameters.
struct GradientCheck {
    var epsilon: Float = 1e-2
    var absoluteTolerance: Float = 2e-3
    var relativeTolerance: Float = 2e-2

    struct Mismatch: CustomStringConvertible {
        let what: String
        let index: Int
        let analytic: Float
        let numeric: Float
        var description: String { "\(what)[\(index)]: analytic \(analytic), numeric \(numeric)" }
    }

    /// `makeLayer` is called for every evaluation, so layers with randomness (dropout) can be rebuilt identically.
    func mismatches(input: Tensor, makeLayer: () -> Layer, seed: UInt64 = 1) -> [Mismatch] {
        let layer = makeLayer()
        let buffer = ParameterBuffer(specs: layer.parameterSpecs)
        layer.bind(buffer.views)
        var generator = SeededGenerator(seed: seed)
        layer.initialize(using: &generator)
        for i in 0..<buffer.count { buffer.values[i] += 0.1 * generator.nextNormal() } // non-zero biases too

        let output = layer.forward(input, training: true)
        let weights = (0..<output.count).map { _ in generator.nextNormal() }
        let inputGradient = layer.backward(Tensor(shape: output.shape, scalars: weights))

        func loss(_ x: Tensor) -> Double {
            let fresh = makeLayer()
            fresh.bind(buffer.views)
            let y = fresh.forward(x, training: true)
            return zip(y.scalars, weights).reduce(0) { $0 + Double($1.0) * Double($1.1) }
        }
        var found: [Mismatch] = []
        func compare(_ what: String, _ index: Int, _ analytic: Float, _ numericValue: Float) {
            let scale = max(abs(analytic), abs(numericValue))
            if abs(analytic - numericValue) > absoluteTolerance + relativeTolerance * scale {
                found.append(Mismatch(what: what, index: index, analytic: analytic, numeric: numericValue))
            }
        }
        if inputGradient.count == input.count {
            var scalars = input.scalars
            for i in scalars.indices {
                let numeric = scalars.withUnsafeMutableBufferPointer { scalars in
                    centralDifference(at: scalars.baseAddress! + i) { loss(Tensor(shape: input.shape, scalars: Array(scalars))) }
                }
                compare("dx", i, inputGradient.scalars[i], numeric)
            }
        }
        for i in 0..<buffer.count {
            compare("dθ", i, buffer.gradients[i], centralDifference(at: buffer.values.baseAddress! + i) { loss(input) })
        }
        return found
    }

    /// (L(v+ε) − L(v−ε)) / 2ε, restoring v afterwards.
    private func centralDifference(at value: UnsafeMutablePointer<Float>, _ loss: () -> Double) -> Float {
        let original = value.pointee
        value.pointee = original + epsilon
        let plus = loss()
        value.pointee = original - epsilon
        let minus = loss()
        value.pointee = original
        return Float((plus - minus) / Double(2 * epsilon))
    }
}

/// A tensor of standard normal values.
func randomTensor(_ shape: [Int], seed: UInt64) -> Tensor {
    var generator = SeededGenerator(seed: seed)
    return Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in generator.nextNormal() })
}

/// A layer bound to a fresh buffer with seeded values (and non-zero biases).
func bindAndInitialize(_ layer: Layer) -> ParameterBuffer {
    let buffer = ParameterBuffer(specs: layer.parameterSpecs)
    layer.bind(buffer.views)
    var generator = SeededGenerator(seed: 5)
    layer.initialize(using: &generator)
    for i in 0..<buffer.count { buffer.values[i] += 0.1 * generator.nextNormal() }
    return buffer
}
