// A detector's input: the image resampled to a given size and placed in a square of padding, so its
// aspect ratio is kept (the geometry comes from Tensor's Letterbox, which maps boxes the same way).

extension RasterImage {
    /// side × side RGB: this image resampled to `width` × `height` and placed at (`left`, `top`), the
    /// rest `fill` grey. Shrinking is area-averaged; growing repeats pixels by a whole factor first.
    public func letterboxed(side: Int, left: Int, top: Int, width: Int, height: Int, fill: UInt8 = 114) -> RasterImage {
        precondition(left >= 0 && top >= 0 && left + width <= side && top + height <= side, "the image does not fit the square")
        var image = flattened()
        let factor = max((width + image.width - 1) / image.width, (height + image.height - 1) / image.height, 1)
        if factor > 1 { image = image.repeated(factor) }
        if image.width != width || image.height != height { image = image.areaResized(width: width, height: height) }
        var out = [UInt8](repeating: fill, count: side * side * 3)
        for row in 0..<height {
            let source = row * width * 3, target = ((top + row) * side + left) * 3
            out.replaceSubrange(target..<target + width * 3, with: image.pixels[source..<source + width * 3])
        }
        return RasterImage(width: side, height: side, channels: 3, pixels: out)
    }
}
