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
        var argmax = training ? [Int32](repeating: 0, count: n * oh * ow * c) : []
        let y = Tensor(shape: [n, oh, ow, c]) { out in
            x.scalars.withUnsafeBufferPointer { input in
                argmax.withUnsafeMutableBufferPointer { indices in
                    var o = 0
                    for image in 0..<n {
                        for oy in 0..<oh {
                            for ox in 0..<ow {
                                let corner = ((image * h + oy * s) * w + ox * s) * c
                                for channel in 0..<c {
                                    var best = corner + channel
                                    for dy in 0..<s {
                                        for dx in 0..<s {
                                            let i = corner + (dy * w + dx) * c + channel
                                            if input[i] > input[best] { best = i }
                                        }
                                    }
                                    out[o] = input[best]
                                    if training { indices[o] = Int32(best) }
                                    o += 1
                                }
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
