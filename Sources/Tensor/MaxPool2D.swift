// Non-overlapping max pooling over NHWC inputs (window = stride; a ragged edge is dropped), with an
// optional ReLU folded in: max(0, max of a window) is ReLU then pooling, in one pass instead of three.

public final class MaxPool2D: Layer {
    public let size: Int
    /// Applies ReLU to the window's maximum: the same output and gradients as a ReLU layer before
    /// the pool, without writing and reading back the whole activation twice more.
    public let appliesReLU: Bool
    /// Which pixel of its window each output came from (0..<size²), or `Self.noGradient` when the
    /// ReLU zeroed it; kept as floats so eight are stored and compared at once.
    private var cachedWindowIndex: [Float] = []
    private var cachedInputShape: [Int] = []
    private static let noGradient: Float = -1

    public init(size: Int = 2, appliesReLU: Bool = false) {
        precondition(size >= 1, "pool windows hold at least one pixel")
        self.size = size
        self.appliesReLU = appliesReLU
    }

    public func outputShape(for inputShape: [Int]) -> [Int] {
        [inputShape[0] / size, inputShape[1] / size, inputShape[2]]
    }

    // x: (N,H,W,C) → (N,H/s,W/s,C); remembers which pixel of its window each output came from
    public func forward(_ x: Tensor, training: Bool) -> Tensor {
        let (n, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (oh, ow, s) = (h / size, w / size, size)
        var windowIndex = [Float](repeating: 0, count: training ? n * oh * ow * c : 0)
        let window = (0..<(s * s)).map { k in ((k / s) * w + k % s) * c }
        let floor: Float = appliesReLU ? 0 : -.infinity
        let y = Tensor(shape: [n, oh, ow, c]) { out in
            x.scalars.withUnsafeBufferPointer { input in
                windowIndex.withUnsafeMutableBufferPointer { indices in
                    var o = 0
                    for image in 0..<n {
                        for oy in 0..<oh {
                            for ox in 0..<ow {
                                // Channels are contiguous: compare whole pixels, eight channels at a time.
                                let corner = input.baseAddress! + ((image * h + oy * s) * w + ox * s) * c
                                var ch = 0
                                while ch + 8 <= c {
                                    var best = Elementwise.load(corner + ch)
                                    var position = Elementwise.Lanes()
                                    for k in 1..<window.count {
                                        Elementwise.keepLarger(Elementwise.load(corner + window[k] + ch), at: Float(k),
                                                               best: &best, position: &position)
                                    }
                                    if appliesReLU { position.replace(with: Self.noGradient, where: best .<= 0) }
                                    Elementwise.store(best.replacing(with: 0, where: best .< floor), at: out.baseAddress! + o + ch)
                                    if training { Elementwise.store(position, at: indices.baseAddress! + o + ch) }
                                    ch += 8
                                }
                                for channel in ch..<c { // the channels left over
                                    var best = 0
                                    for k in 1..<window.count where corner[window[k] + channel] > corner[window[best] + channel] { best = k }
                                    let value = corner[window[best] + channel]
                                    out[o + channel] = max(value, floor)
                                    if training { indices[o + channel] = appliesReLU && value <= 0 ? Self.noGradient : Float(best) }
                                }
                                o += c
                            }
                        }
                    }
                }
            }
        }
        if training {
            cachedWindowIndex = windowIndex
            cachedInputShape = x.shape
        }
        return y
    }

    // dx = dy at the pixel each output came from, 0 at the others: every input pixel is written once.
    public func backward(_ dy: Tensor) -> Tensor {
        let (n, h, w, c) = (cachedInputShape[0], cachedInputShape[1], cachedInputShape[2], cachedInputShape[3])
        let (oh, ow, s) = (h / size, w / size, size)
        let window = (0..<(s * s)).map { k in ((k / s) * w + k % s) * c }
        // A ragged edge no window covers keeps its zero gradient.
        let covered = oh * s == h && ow * s == w
        var dx = covered ? Tensor(shape: cachedInputShape) { _ in } : Tensor(zeros: cachedInputShape)
        dx.scalars.withUnsafeMutableBufferPointer { out in
            dy.scalars.withUnsafeBufferPointer { gradient in
                cachedWindowIndex.withUnsafeBufferPointer { indices in
                    var o = 0
                    for image in 0..<n {
                        for oy in 0..<oh {
                            for ox in 0..<ow {
                                let corner = out.baseAddress! + ((image * h + oy * s) * w + ox * s) * c
                                var ch = 0
                                while ch + 8 <= c {
                                    let from = Elementwise.load(indices.baseAddress! + o + ch)
                                    let value = Elementwise.load(gradient.baseAddress! + o + ch)
                                    for k in 0..<window.count {
                                        Elementwise.store(value.replacing(with: 0, where: from .!= Float(k)), at: corner + window[k] + ch)
                                    }
                                    ch += 8
                                }
                                for channel in ch..<c {
                                    let from = indices[o + channel], value = gradient[o + channel]
                                    for k in 0..<window.count { corner[window[k] + channel] = Float(k) == from ? value : 0 }
                                }
                                o += c
                            }
                        }
                    }
                }
            }
        }
        return dx
    }
}
