// A fully connected layer: y = x · W + b.

public final class Dense: Layer, InputGradientSkipping {
    public let inputs: Int
    public let outputs: Int
    public var skipsInputGradient = false
    private var weight: ParameterView!
    private var bias: ParameterView!
    private var cachedInput: Tensor?

    public init(inputs: Int, outputs: Int) {
        self.inputs = inputs
        self.outputs = outputs
    }

    public var parameterSpecs: [ParameterSpec] {
        [ParameterSpec("weight", [inputs, outputs], decays: true), ParameterSpec("bias", [outputs], decays: false)]
    }

    public func bind(_ views: [ParameterView]) {
        weight = views[0]
        bias = views[1]
    }

    public func initialize(using generator: inout SeededGenerator) {
        fillHeNormal(weight, fanIn: inputs, using: &generator)
        bias.values.update(repeating: 0, count: outputs)
    }

    public func outputShape(for inputShape: [Int]) -> [Int] { [outputs] }

    // x: (N,D) · w: (D,K) + b: (K) → (N,K)
    public func forward(_ x: Tensor, training: Bool) -> Tensor {
        let n = x.batch
        precondition(x.itemSize == inputs, "Dense expects \(inputs) inputs, got \(x.itemSize)")
        if training { cachedInput = x }
        let (w, b, k) = (weight.values, bias.values, outputs)
        return Tensor(shape: [n, k]) { y in
            let out = y.baseAddress!
            for row in 0..<n { (out + row * k).update(from: b, count: k) }
            x.scalars.withUnsafeBufferPointer { input in
                BLAS.sgemm(m: n, n: k, k: inputs, a: input.baseAddress!, lda: inputs,
                           b: w, ldb: k, beta: 1, c: out, ldc: k)
            }
        }
    }

    // dW += xᵀ · dy: (D,K); db += Σ rows of dy; dx = dy · Wᵀ: (N,D)
    public func backward(_ dy: Tensor) -> Tensor {
        guard let x = cachedInput else { preconditionFailure("Dense.backward before a training forward") }
        let (n, k) = (dy.batch, outputs)
        dy.scalars.withUnsafeBufferPointer { gradient in
            x.scalars.withUnsafeBufferPointer { input in
                BLAS.sgemm(transposeA: true, m: inputs, n: k, k: n, a: input.baseAddress!, lda: inputs,
                           b: gradient.baseAddress!, ldb: k, beta: 1, c: weight.gradients, ldc: k)
            }
            Elementwise.addColumnSums(gradient.baseAddress!, rows: n, width: k, into: bias.gradients)
        }
        if skipsInputGradient { return Tensor(zeros: [0]) }
        return Tensor(shape: x.shape) { dx in
            dy.scalars.withUnsafeBufferPointer { gradient in
                BLAS.sgemm(transposeB: true, m: n, n: inputs, k: k, a: gradient.baseAddress!, lda: k,
                           b: weight.values, ldb: k, c: dx.baseAddress!, ldc: inputs)
            }
        }
    }
}
