// Decoded pixels: 8-bit, interleaved RGB or RGBA, rows top to bottom.

public struct RasterImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// 3 (RGB) or 4 (RGBA).
    public let channels: Int
    public var pixels: [UInt8]

    public init(width: Int, height: Int, channels: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height * channels, "pixel buffer does not match its size")
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }

    public func pixel(x: Int, y: Int) -> [UInt8] {
        let start = (y * width + x) * channels
        return Array(pixels[start..<start + channels])
    }

    /// RGB, with any transparency composited over `background` (thumbnails are JPEG, which has no alpha).
    public func flattened(onto background: (UInt8, UInt8, UInt8) = (255, 255, 255)) -> RasterImage {
        guard channels == 4 else { return self }
        var out = [UInt8](repeating: 0, count: width * height * 3)
        let back = [Int(background.0), Int(background.1), Int(background.2)]
        for i in 0..<(width * height) {
            let alpha = Int(pixels[i * 4 + 3])
            for k in 0..<3 {
                out[i * 3 + k] = UInt8((Int(pixels[i * 4 + k]) * alpha + back[k] * (255 - alpha) + 127) / 255)
            }
        }
        return RasterImage(width: width, height: height, channels: 3, pixels: out)
    }
}
