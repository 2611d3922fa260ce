// im2col and its adjoint col2im for NHWC tensors, stride 1, zero padding.

enum Im2Col {
    /// x: (N,H,W,C) → (N·OH·OW, K·K·C); a row is one output position's patch, ordered (ky, kx, c).
    static func columns(_ x: Tensor, kernel: Int, padding: Int) -> Tensor {
        let (n, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (oh, ow) = (h + 2 * padding - kernel + 1, w + 2 * padding - kernel + 1)
        let patch = kernel * kernel * c
        return Tensor(shape: [n * oh * ow, patch]) { out in
            x.scalars.withUnsafeBufferPointer { input in
                let src = input.baseAddress!
                var dst = out.baseAddress!
                for image in 0..<n {
                    let imageBase = src + image * h * w * c
                    for oy in 0..<oh {
                        for ox in 0..<ow {
                            // The kernel row's valid x range is one contiguous run of pixels in NHWC.
                            let x0 = ox - padding
                            let first = max(0, -x0), last = min(kernel, w - x0)
                            for ky in 0..<kernel {
                                let iy = oy + ky - padding
                                let rowDst = dst + ky * kernel * c
                                guard iy >= 0 && iy < h, first < last else {
                                    rowDst.update(repeating: 0, count: kernel * c)
                                    continue
                                }
                                if first > 0 { rowDst.update(repeating: 0, count: first * c) }
                                (rowDst + first * c).update(from: imageBase + (iy * w + x0 + first) * c, count: (last - first) * c)
                                if last < kernel { (rowDst + last * c).update(repeating: 0, count: (kernel - last) * c) }
                            }
                            dst += patch
                        }
                    }
                }
            }
        }
    }

    /// The adjoint of `columns`: sums each patch gradient back into (N,H,W,C).
    static func image(_ columns: Tensor, shape: [Int], kernel: Int, padding: Int) -> Tensor {
        let (n, h, w, c) = (shape[0], shape[1], shape[2], shape[3])
        let (oh, ow) = (h + 2 * padding - kernel + 1, w + 2 * padding - kernel + 1)
        let patch = kernel * kernel * c
        var result = Tensor(zeros: shape)
        result.scalars.withUnsafeMutableBufferPointer { out in
            columns.scalars.withUnsafeBufferPointer { cols in
                var src = cols.baseAddress!
                for image in 0..<n {
                    let imageBase = out.baseAddress! + image * h * w * c
                    for oy in 0..<oh {
                        for ox in 0..<ow {
                            let x0 = ox - padding
                            let first = max(0, -x0), last = min(kernel, w - x0)
                            if first < last {
                                for ky in 0..<kernel {
                                    let iy = oy + ky - padding
                                    guard iy >= 0 && iy < h else { continue }
                                    let rowSrc = src + (ky * kernel + first) * c
                                    let rowDst = imageBase + (iy * w + x0 + first) * c
                                    for i in 0..<((last - first) * c) { rowDst[i] += rowSrc[i] }
                                }
                            }
                            src += patch
                        }
                    }
                }
            }
        }
        return result
    }
}
