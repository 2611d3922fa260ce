// A stride-1 convolution over NHWC inputs, as im2col followed by one sgemm.

public final class Conv2D: Layer, InputGradientSkipping {
    public let inputChannels: Int
    public let outputChannels: Int
    public let kernel: Int
    public let padding: Int
    public var skipsInputGradient = false
    private var weight: ParameterView!
    private var bias: ParameterView!
    private var cachedColumns: Tensor?
    private var cachedInputShape: [Int] = []

    /// `padding` defaults to "same" for odd kernels.
    public init(inputChannels: Int, outputChannels: Int, kernel: Int = 3, padding: Int? = nil) {
        self.inputChannels = inputChannels
        self.outputChannels = outputChannels
        self.kernel = kernel
        self.padding = padding ?? kernel / 2
    }

    private var patchSize: Int { kernel * kernel * inputChannels }

    public var parameterSpecs: [ParameterSpec] {
        [ParameterSpec("weight", [patchSize, outputChannels], decays: true),
         ParameterSpec("bias", [outputChannels], decays: false)]
    }

    public func bind(_ views: [ParameterView]) {
        weight = views[0]
        bias = views[1]
    }

    public func initialize(using generator: inout SeededGenerator) {
        fillHeNormal(weight, fanIn: patchSize, using: &generator)
        bias.values.update(repeating: 0, count: outputChannels)
    }

    public func outputShape(for inputShape: [Int]) -> [Int] {
        let (h, w) = (inputShape[0], inputShape[1])
        return [h + 2 * padding - kernel + 1, w + 2 * padding - kernel + 1, outputChannels]
    }

    // x: (N,H,W,C) → cols: (N·OH·OW, KH·KW·C) · w: (KH·KW·C, OC) + b → (N,OH,OW,OC)
    public func forward(_ x: Tensor, training: Bool) -> Tensor {
        precondition(x.shape.count == 4 && x.shape[3] == inputChannels, "Conv2D expects (N,H,W,\(inputChannels)), got \(x.shape)")
        let columns = Im2Col.columns(x, kernel: kernel, padding: padding)
        let out = outputShape(for: Array(x.shape.dropFirst()))
        let rows = columns.batch
        if training {
            cachedColumns = columns
            cachedInputShape = x.shape
        }
        let (w, b, k, oc) = (weight.values, bias.values, patchSize, outputChannels)
        return Tensor(shape: [x.batch] + out) { y in
            let base = y.baseAddress!
            for row in 0..<rows { (base + row * oc).update(from: b, count: oc) }
            columns.scalars.withUnsafeBufferPointer { cols in
                BLAS.sgemm(m: rows, n: oc, k: k, a: cols.baseAddress!, lda: k, b: w, ldb: oc, beta: 1, c: base, ldc: oc)
            }
        }
    }

    // dW += colsᵀ · dy; db += Σ rows of dy; dx = col2im(dy · Wᵀ)
    public func backward(_ dy: Tensor) -> Tensor {
        guard let columns = cachedColumns else { preconditionFailure("Conv2D.backward before a training forward") }
        let (rows, k, oc) = (columns.batch, patchSize, outputChannels)
        dy.scalars.withUnsafeBufferPointer { gradient in
            columns.scalars.withUnsafeBufferPointer { cols in
                BLAS.sgemm(transposeA: true, m: k, n: oc, k: rows, a: cols.baseAddress!, lda: k,
                           b: gradient.baseAddress!, ldb: oc, beta: 1, c: weight.gradients, ldc: oc)
            }
            let db = bias.gradients
            for row in 0..<rows {
                let g = gradient.baseAddress! + row * oc
                for j in 0..<oc { db[j] += g[j] }
            }
        }
        if skipsInputGradient { return Tensor(zeros: [0]) }
        let columnGradient = Tensor(shape: [rows, k]) { dcols in
            dy.scalars.withUnsafeBufferPointer { gradient in
                BLAS.sgemm(transposeB: true, m: rows, n: k, k: oc, a: gradient.baseAddress!, lda: oc,
                           b: weight.values, ldb: oc, c: dcols.baseAddress!, ldc: k)
            }
        }
        return Im2Col.image(columnGradient, shape: cachedInputShape, kernel: kernel, padding: padding)
    }
}

/// Layers that can skip computing dx when nothing before them needs it (the first layer).
public protocol InputGradientSkipping: AnyObject {
    var skipsInputGradient: Bool { get set }
}
