// Non-overlapping max pooling over NHWC inputs (window = stride; a ragged edge is dropped).

public final class MaxPool2D: Layer {
    public let size: Int
    private var cachedArgmax: [Int32] = []
    private var cachedInputShape: [Int] = []

    public init(size: Int = 2) { self.size = size }

    public func outputShape(for inputShape: [Int]) -> [Int] {
        [inputShape[0] / size, inputShape[1] / size, inputShape[2]]
    }

    // x: (N,H,W,C) → (N,H/s,W/s,C); remembers which input each output came from
    public func forward(_ x: Tensor, training: Bool) -> Tensor {
        let (n, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (oh, ow, s) = (h / size, w / size, size)
        var argmax = [Int32](repeating: 0, count: n * oh * ow * c)
        // Offsets of the window's pixels from its top-left corner.
        let window = (0..<(s * s)).map { k in ((k / s) * w + k % s) * c }
        let y = Tensor(shape: [n, oh, ow, c]) { out in
            x.scalars.withUnsafeBufferPointer { input in
                argmax.withUnsafeMutableBufferPointer { indices in
                    var o = 0
                    for image in 0..<n {
                        for oy in 0..<oh {
                            for ox in 0..<ow {
                                // Channels are contiguous: compare whole pixels, eight channels at a time.
                                let corner = ((image * h + oy * s) * w + ox * s) * c
                                var ch = 0
                                while ch + 8 <= c {
                                    let source = input.baseAddress! + corner + ch
                                    var best = Elementwise.load(source)
                                    var position = Elementwise.Lanes()
                                    for k in 1..<window.count {
                                        Elementwise.keepLarger(Elementwise.load(source + window[k]), at: Float(k),
                                                               best: &best, position: &position)
                                    }
                                    Elementwise.store(best, at: out.baseAddress! + o + ch)
                                    for lane in 0..<8 {
                                        indices[o + ch + lane] = Int32(corner + window[Int(position[lane])] + ch + lane)
                                    }
                                    ch += 8
                                }
                                for channel in ch..<c { // the channels left over
                                    var best = corner + channel
                                    for offset in window.dropFirst() where input[corner + offset + channel] > input[best] {
                                        best = corner + offset + channel
                                    }
                                    out[o + channel] = input[best]
                                    indices[o + channel] = Int32(best)
                                }
                                o += c
                            }
                        }
                    }
                }
            }
        }
        if training {
            cachedArgmax = argmax
            cachedInputShape = x.shape
        }
        return y
    }

    // dx[argmax] += dy
    public func backward(_ dy: Tensor) -> Tensor {
        var dx = Tensor(zeros: cachedInputShape)
        dx.scalars.withUnsafeMutableBufferPointer { out in
            dy.scalars.withUnsafeBufferPointer { gradient in
                for o in 0..<gradient.count { out[Int(cachedArgmax[o])] += gradient[o] }
            }
        }
        return dx
    }
}
