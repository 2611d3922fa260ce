// Nearest-neighbour upsampling of NHWC feature maps by a whole factor: each pixel becomes a
// factor × factor block (a detector's neck brings coarse features back to the head's stride).

public final class Upsample2D: Layer {
    public let factor: Int

    public init(factor: Int = 2) {
        precondition(factor >= 1, "factor must be at least 1")
        self.factor = factor
    }

    public func outputShape(for inputShape: [Int]) -> [Int] {
        [inputShape[0] * factor, inputShape[1] * factor, inputShape[2]]
    }

    // x: (N,H,W,C) → y: (N,H·f,W·f,C), y[n, y·f+i, x·f+j, c] = x[n, y, x, c]
    public func forward(_ x: Tensor, training: Bool) -> Tensor {
        let (n, h, w, c, f) = (x.batch, x.shape[1], x.shape[2], x.shape[3], factor)
        return Tensor(shape: [n, h * f, w * f, c]) { out in
            x.scalars.withUnsafeBufferPointer { input in
                for image in 0..<n {
                    for oy in 0..<(h * f) {
                        for ox in 0..<(w * f) {
                            let src = ((image * h + oy / f) * w + ox / f) * c
                            let dst = ((image * h * f + oy) * w * f + ox) * c
                            (out.baseAddress! + dst).update(from: input.baseAddress! + src, count: c)
                        }
                    }
                }
            }
        }
    }

    // dx[n, y, x, c] = Σ over its block of dy
    public func backward(_ dy: Tensor) -> Tensor {
        let f = factor
        let (n, h, w, c) = (dy.batch, dy.shape[1] / f, dy.shape[2] / f, dy.shape[3])
        return Tensor(shape: [n, h, w, c]) { dx in
            dx.update(repeating: 0)
            dy.scalars.withUnsafeBufferPointer { gradient in
                for image in 0..<n {
                    for oy in 0..<(h * f) {
                        for ox in 0..<(w * f) {
                            let src = ((image * h * f + oy) * w * f + ox) * c
                            let dst = ((image * h + oy / f) * w + ox / f) * c
                            for ch in 0..<c { dx[dst + ch] += gradient[src + ch] }
                        }
                    }
                }
            }
        }
    }
}
