// Model inputs: an image (or a region of it) as displayed, resampled to an exact RGB square.

/// A rectangle of an image in displayed pixels.
public struct SampleRegion: Sendable, Equatable {
    public let x: Double, y: Double, width: Double, height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }
}

extension Imaging {
    /// side × side × 3 bytes of the image (or of `region` of it) as displayed: what a model sees.
    /// A whole image is decoded only as large as needed (JPEG DCT scaling).
    public static func modelSample(_ bytes: [UInt8], region: SampleRegion? = nil, side: Int,
                                   maxPixels: Int = defaultMaxPixels) throws -> [UInt8] {
        let info = try inspect(bytes, maxPixels: maxPixels)
        let image: RasterImage
        if let region {
            image = try decode(bytes, maxPixels: maxPixels).cropped(x: region.x, y: region.y, width: region.width, height: region.height)
        } else {
            image = try reduced(bytes, toFit: side * 2, info: info)
        }
        return image.sample(side: side).pixels
    }
}

extension RasterImage {
    /// The pixels inside the rectangle, clamped to the image (at least 1×1).
    public func cropped(x: Double, y: Double, width cropWidth: Double, height cropHeight: Double) -> RasterImage {
        let x0 = min(max(Int(x.rounded(.down)), 0), width - 1), y0 = min(max(Int(y.rounded(.down)), 0), height - 1)
        let x1 = min(max(Int((x + cropWidth).rounded(.up)), x0 + 1), width)
        let y1 = min(max(Int((y + cropHeight).rounded(.up)), y0 + 1), height)
        var out = [UInt8]()
        out.reserveCapacity((x1 - x0) * (y1 - y0) * channels)
        for row in y0..<y1 {
            let start = (row * width + x0) * channels
            out += pixels[start..<(start + (x1 - x0) * channels)]
        }
        return RasterImage(width: x1 - x0, height: y1 - y0, channels: channels, pixels: out)
    }

    /// Exactly `side` × `side` RGB (aspect ratio not kept, transparency over white). Shrinking is
    /// area-averaged; a side smaller than `side` is first repeated by a whole factor, then averaged.
    public func sample(side: Int) -> RasterImage {
        var image = flattened()
        let factor = max((side + image.width - 1) / image.width, (side + image.height - 1) / image.height, 1)
        if factor > 1 { image = image.repeated(factor) }
        return image.width == side && image.height == side ? image : image.areaResized(width: side, height: side)
    }

    /// Each pixel repeated `factor` × `factor` times.
    func repeated(_ factor: Int) -> RasterImage {
        let (w, h, c) = (width * factor, height * factor, channels)
        var out = [UInt8](repeating: 0, count: w * h * c)
        for y in 0..<h {
            for x in 0..<w {
                let source = ((y / factor) * width + x / factor) * c, target = (y * w + x) * c
                for k in 0..<c { out[target + k] = pixels[source + k] }
            }
        }
        return RasterImage(width: w, height: h, channels: c, pixels: out)
    }
}
