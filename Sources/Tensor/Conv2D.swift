// A convolution over NHWC inputs (any stride), as im2col followed by sgemm, a few images at a time;
// with few input channels (an RGB input layer), direct kernels instead (CTensorKernels).
import CTensorKernels

public final class Conv2D: Layer, InputGradientSkipping {
    public let inputChannels: Int
    public let outputChannels: Int
    public let kernel: Int
    public let padding: Int
    /// 2 halves the height and width (a detector's backbone downsamples this way).
    public let stride: Int
    public var skipsInputGradient = false
    /// Starting biases (a detector's heatmap prior); zeros when nil.
    private let initialBias: [Float]?
    /// The starting weights' standard deviation; nil: He (√(2 / fan-in)). A detector's output layer
    /// starts near zero so that every cell begins at the heatmap prior, as CenterNet's does.
    private let initialWeightScale: Float?
    private var weight: ParameterView!
    private var bias: ParameterView!
    private var cachedInput: Tensor?

    /// `padding` defaults to "same" for odd kernels (at stride 1; at stride s the output is ⌈H/s⌉).
    public init(inputChannels: Int, outputChannels: Int, kernel: Int = 3, padding: Int? = nil, stride: Int = 1,
                initialBias: [Float]? = nil, initialWeightScale: Float? = nil) {
        precondition(stride >= 1, "stride must be at least 1")
        precondition(initialBias.map { $0.count == outputChannels } ?? true, "one initial bias per output channel")
        self.initialBias = initialBias
        self.initialWeightScale = initialWeightScale
        self.inputChannels = inputChannels
        self.outputChannels = outputChannels
        self.kernel = kernel
        self.padding = padding ?? kernel / 2
        self.stride = stride
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
        if let initialWeightScale {
            for i in 0..<weight.count { weight.values[i] = generator.nextNormal() * initialWeightScale }
        } else {
            fillHeNormal(weight, fanIn: patchSize, using: &generator)
        }
        if let initialBias {
            for (i, value) in initialBias.enumerated() { bias.values[i] = value }
        } else {
            bias.values.update(repeating: 0, count: outputChannels)
        }
    }

    public func outputShape(for inputShape: [Int]) -> [Int] {
        let (h, w) = (inputShape[0], inputShape[1])
        return [(h + 2 * padding - kernel) / stride + 1, (w + 2 * padding - kernel) / stride + 1, outputChannels]
    }

    /// At most this many input channels, the forward pass and the weight gradients run the direct
    /// kernels: im2col would copy patches a few floats at a time for an sgemm with a tiny K.
    public static let directChannelLimit = 4
    private var runsDirect: Bool { inputChannels <= Self.directChannelLimit }

    private func kernelShape(_ geometry: Im2Col) -> tk_conv_shape {
        tk_conv_shape(height: Int32(geometry.height), width: Int32(geometry.width), channels: Int32(geometry.channels),
                      kernel: Int32(kernel), padding: Int32(padding), stride: Int32(stride), outputs: Int32(outputChannels),
                      output_height: Int32(geometry.outputHeight), output_width: Int32(geometry.outputWidth))
    }

    /// Images per sgemm: about 2,048 patch rows, so the columns stay in cache (2.5× the GFLOPS of one big call).
    private func imagesPerChunk(_ geometry: Im2Col) -> Int { max(1, 2048 / geometry.rowsPerImage) }

    private func geometry(for shape: [Int]) -> Im2Col {
        Im2Col(height: shape[1], width: shape[2], channels: shape[3], kernel: kernel, padding: padding, stride: stride)
    }

    // x: (N,H,W,C) → per chunk of images: cols (rows, K·K·C) · w (K·K·C, OC) + b → (N,OH,OW,OC)
    public func forward(_ x: Tensor, training: Bool) -> Tensor {
        precondition(x.shape.count == 4 && x.shape[3] == inputChannels, "Conv2D expects (N,H,W,\(inputChannels)), got \(x.shape)")
        let geometry = geometry(for: x.shape)
        if training { cachedInput = x }
        let (w, b, k, oc, rowsPerImage) = (weight.values, bias.values, patchSize, outputChannels, geometry.rowsPerImage)
        let outputSize = rowsPerImage * oc
        return Tensor(shape: [x.batch, geometry.outputHeight, geometry.outputWidth, oc]) { y in
            let out = y.baseAddress!
            x.scalars.withUnsafeBufferPointer { input in
                let input = input.baseAddress!
                if runsDirect {
                    BatchParallel.run(parts: BatchParallel.parts(for: x.batch)) { part, parts in
                        let images = BatchParallel.range(of: part, parts, count: x.batch)
                        var shape = kernelShape(geometry)
                        tk_conv_forward(&shape, Int32(images.count), input + images.lowerBound * geometry.imageSize, w, b,
                                        out + images.lowerBound * outputSize, 0)
                    }
                    return
                }
                let chunk = imagesPerChunk(geometry)
                let chunks = (x.batch + chunk - 1) / chunk
                BatchParallel.run(parts: BatchParallel.parts(for: chunks)) { part, parts in
                    let columns = UnsafeMutablePointer<Float>.allocate(capacity: chunk * rowsPerImage * k)
                    defer { columns.deallocate() }
                    for index in Swift.stride(from: part, to: chunks, by: parts) {
                        let first = index * chunk, images = min(chunk, x.batch - first)
                        for row in first * rowsPerImage..<(first + images) * rowsPerImage { (out + row * oc).update(from: b, count: oc) }
                        for i in 0..<images {
                            geometry.columns(of: input + (first + i) * geometry.imageSize, into: columns + i * rowsPerImage * k)
                        }
                        BLAS.sgemm(m: images * rowsPerImage, n: oc, k: k, a: columns, lda: k, b: w, ldb: oc,
                                   beta: 1, c: out + first * outputSize, ldc: oc)
                    }
                }
            }
        }
    }

    // per chunk: dW += colsᵀ · dy; db += Σ rows of dy; dx += col2im(dy · Wᵀ). With several threads,
    // each part sums its own dW, added in at the end.
    public func backward(_ dy: Tensor) -> Tensor {
        guard let x = cachedInput else { preconditionFailure("Conv2D.backward before a training forward") }
        let geometry = geometry(for: x.shape)
        let (k, oc, rowsPerImage) = (patchSize, outputChannels, geometry.rowsPerImage)
        let chunk = imagesPerChunk(geometry)
        let chunks = (x.batch + chunk - 1) / chunk
        var dx = Tensor(zeros: skipsInputGradient ? [0] : x.shape)
        let (weightGradients, weights, weightCount) = (weight.gradients, weight.values, weight.count)
        let skipsInput = skipsInputGradient, direct = runsDirect
        dy.scalars.withUnsafeBufferPointer { gradient in
            let gradient = gradient.baseAddress!
            Elementwise.addColumnSums(gradient, rows: dy.count / oc, width: oc, into: bias.gradients)
            x.scalars.withUnsafeBufferPointer { input in
                let input = input.baseAddress!
                dx.scalars.withUnsafeMutableBufferPointer { inputGradient in
                    let inputGradient = inputGradient.baseAddress
                    let work = direct && skipsInput ? x.batch : chunks
                    BatchParallel.run(parts: BatchParallel.parts(for: work), summingInto: weightGradients, count: weightCount) { part, parts, dW in
                        if direct && skipsInput {
                            let images = BatchParallel.range(of: part, parts, count: x.batch)
                            var shape = kernelShape(geometry)
                            tk_conv_weight_gradients(&shape, Int32(images.count), input + images.lowerBound * geometry.imageSize,
                                                     gradient + images.lowerBound * rowsPerImage * oc, dW)
                            return
                        }
                        let columns = UnsafeMutablePointer<Float>.allocate(capacity: chunk * rowsPerImage * k)
                        defer { columns.deallocate() }
                        for index in Swift.stride(from: part, to: chunks, by: parts) {
                            let first = index * chunk, images = min(chunk, x.batch - first)
                            let rows = images * rowsPerImage
                            let dyChunk = gradient + first * rowsPerImage * oc
                            if direct {
                                var shape = kernelShape(geometry)
                                tk_conv_weight_gradients(&shape, Int32(images), input + first * geometry.imageSize, dyChunk, dW)
                            } else {
                                for i in 0..<images {
                                    geometry.columns(of: input + (first + i) * geometry.imageSize, into: columns + i * rowsPerImage * k)
                                }
                                BLAS.sgemm(transposeA: true, m: k, n: oc, k: rows, a: columns, lda: k,
                                           b: dyChunk, ldb: oc, beta: 1, c: dW, ldc: oc)
                            }
                            if skipsInput { continue }
                            // The columns are no longer needed: reuse them for the patch gradients.
                            BLAS.sgemm(transposeB: true, m: rows, n: k, k: oc, a: dyChunk, lda: oc,
                                       b: weights, ldb: oc, c: columns, ldc: k)
                            for i in 0..<images {
                                geometry.accumulate(columns: columns + i * rowsPerImage * k,
                                                    into: inputGradient! + (first + i) * geometry.imageSize)
                            }
                        }
                    }
                }
            }
        }
        return dx
    }
}

/// Layers that can skip computing dx when nothing before them needs it (the first layer).
public protocol InputGradientSkipping: AnyObject {
    var skipsInputGradient: Bool { get set }
}
