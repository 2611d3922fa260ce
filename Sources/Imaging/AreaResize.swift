// Downscaling by area averaging: each output pixel is the exact coverage-weighted mean of the
// input pixels under it, which keeps thumbnails sharp without the aliasing of point sampling.

extension RasterImage {
    /// The image scaled down to fit within `maxSide` × `maxSide`, keeping its aspect ratio.
    /// Images already small enough are returned unchanged; nothing is ever scaled up.
    public func downscaled(toFit maxSide: Int) -> RasterImage {
        let longest = max(width, height)
        guard longest > maxSide else { return self }
        let scale = Double(maxSide) / Double(longest)
        let targetWidth = max(1, Int((Double(width) * scale).rounded()))
        let targetHeight = max(1, Int((Double(height) * scale).rounded()))
        return areaResized(width: targetWidth, height: targetHeight)
    }

    /// Area-average resampling to exactly `targetWidth` × `targetHeight` (both ≤ the source's).
    public func areaResized(width targetWidth: Int, height targetHeight: Int) -> RasterImage {
        let horizontal = AreaWeights(source: width, target: targetWidth)
        let vertical = AreaWeights(source: height, target: targetHeight)
        let c = channels
        // Pass 1 — rows: (height × width × c) → (height × targetWidth × c), in Float.
        var rows = [Float](repeating: 0, count: height * targetWidth * c)
        pixels.withUnsafeBufferPointer { source in
            rows.withUnsafeMutableBufferPointer { out in
                for y in 0..<height {
                    let inRow = y * width * c, outRow = y * targetWidth * c
                    for x in 0..<targetWidth {
                        let span = horizontal.spans[x]
                        var sums = (Float(0), Float(0), Float(0), Float(0))
                        for (i, weight) in zip(span.first..., horizontal.weights[span.range]) {
                            let p = inRow + i * c
                            sums.0 += weight * Float(source[p])
                            sums.1 += weight * Float(source[p + 1])
                            sums.2 += weight * Float(source[p + 2])
                            if c == 4 { sums.3 += weight * Float(source[p + 3]) }
                        }
                        let o = outRow + x * c
                        out[o] = sums.0; out[o + 1] = sums.1; out[o + 2] = sums.2
                        if c == 4 { out[o + 3] = sums.3 }
                    }
                }
            }
        }
        // Pass 2 — columns: (height × targetWidth × c) → (targetHeight × targetWidth × c), to bytes.
        let rowLength = targetWidth * c
        var result = [UInt8](repeating: 0, count: targetHeight * rowLength)
        rows.withUnsafeBufferPointer { source in
            result.withUnsafeMutableBufferPointer { out in
                var accumulator = [Float](repeating: 0, count: rowLength)
                for y in 0..<targetHeight {
                    let span = vertical.spans[y]
                    for k in 0..<rowLength { accumulator[k] = 0 }
                    for (row, weight) in zip(span.first..., vertical.weights[span.range]) {
                        let base = row * rowLength
                        for k in 0..<rowLength { accumulator[k] += weight * source[base + k] }
                    }
                    let base = y * rowLength
                    for k in 0..<rowLength { out[base + k] = UInt8(min(255, max(0, accumulator[k] + 0.5))) }
                }
            }
        }
        return RasterImage(width: targetWidth, height: targetHeight, channels: c, pixels: result)
    }
}

/// For each output index, the input indices it covers and their normalised coverage weights.
struct AreaWeights {
    struct Span {
        let first: Int
        let range: Range<Int>  // into `weights`
    }

    var spans: [Span] = []
    var weights: [Float] = []

    init(source: Int, target: Int) {
        let ratio = Double(source) / Double(target)
        for j in 0..<target {
            let start = Double(j) * ratio, end = Double(j + 1) * ratio
            let first = Int(start), last = min(source - 1, Int((end - 1e-9).rounded(.down)))
            let from = weights.count
            for i in first...max(first, last) {
                let covered = min(end, Double(i + 1)) - max(start, Double(i))
                weights.append(Float(covered / ratio))
            }
            spans.append(Span(first: first, range: from..<weights.count))
        }
    }
}
