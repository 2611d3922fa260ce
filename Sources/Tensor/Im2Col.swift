// im2col and its adjoint col2im for NHWC tensors, any stride, zero padding, a few images at a time.

/// The geometry of one convolution's patches.
struct Im2Col {
    let height: Int
    let width: Int
    let channels: Int
    let kernel: Int
    let padding: Int
    var stride = 1

    var outputHeight: Int { (height + 2 * padding - kernel) / stride + 1 }
    var outputWidth: Int { (width + 2 * padding - kernel) / stride + 1 }
    /// Columns of one row: a patch, ordered (ky, kx, c).
    var patchSize: Int { kernel * kernel * channels }
    /// Rows per image: one per output position.
    var rowsPerImage: Int { outputHeight * outputWidth }
    var imageSize: Int { height * width * channels }

    /// image: (H,W,C) → columns: (OH·OW, K·K·C)
    func columns(of image: UnsafePointer<Float>, into columns: UnsafeMutablePointer<Float>) {
        let (c, w, patch) = (channels, width, patchSize)
        var dst = columns
        for oy in 0..<outputHeight {
            for ox in 0..<outputWidth {
                // The kernel row's valid x range is one contiguous run of pixels in NHWC.
                let x0 = ox * stride - padding
                let first = max(0, -x0), last = min(kernel, w - x0)
                for ky in 0..<kernel {
                    let iy = oy * stride + ky - padding
                    let rowDst = dst + ky * kernel * c
                    guard iy >= 0 && iy < height, first < last else {
                        rowDst.update(repeating: 0, count: kernel * c)
                        continue
                    }
                    if first > 0 { rowDst.update(repeating: 0, count: first * c) }
                    Elementwise.copy(image + (iy * w + x0 + first) * c, into: rowDst + first * c, count: (last - first) * c)
                    if last < kernel { (rowDst + last * c).update(repeating: 0, count: (kernel - last) * c) }
                }
                dst += patch
            }
        }
    }

    /// The adjoint of `columns`: adds each patch's gradient back into image: (H,W,C).
    func accumulate(columns: UnsafePointer<Float>, into image: UnsafeMutablePointer<Float>) {
        let (c, w, patch) = (channels, width, patchSize)
        var src = columns
        for oy in 0..<outputHeight {
            for ox in 0..<outputWidth {
                let x0 = ox * stride - padding
                let first = max(0, -x0), last = min(kernel, w - x0)
                if first < last {
                    for ky in 0..<kernel {
                        let iy = oy * stride + ky - padding
                        guard iy >= 0 && iy < height else { continue }
                        Elementwise.add(src + (ky * kernel + first) * c, into: image + (iy * w + x0 + first) * c,
                                        count: (last - first) * c)
                    }
                }
                src += patch
            }
        }
    }
}
