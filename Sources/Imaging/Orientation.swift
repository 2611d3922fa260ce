// EXIF orientation: how a stored image must be turned to look right, and doing that to pixels.

/// EXIF orientation 1–8. The stored image, transformed like this, is what a person sees.
public enum Orientation: Int, Sendable, CaseIterable {
    case up = 1, mirrored = 2, rotated180 = 3, flippedVertically = 4
    case transposed = 5, rotated90 = 6, transverse = 7, rotated270 = 8

    /// Orientations 5–8 turn the image a quarter, swapping width and height.
    public var swapsAxes: Bool { rawValue >= 5 }

    public func displayedSize(width: Int, height: Int) -> (width: Int, height: Int) {
        swapsAxes ? (height, width) : (width, height)
    }

    /// The stored pixel shown at displayed (x, y), for a stored image of width × height.
    @inline(__always)
    func source(x: Int, y: Int, width w: Int, height h: Int) -> (x: Int, y: Int) {
        switch self {
        case .up: (x, y)
        case .mirrored: (w - 1 - x, y)
        case .rotated180: (w - 1 - x, h - 1 - y)
        case .flippedVertically: (x, h - 1 - y)
        case .transposed: (y, x)
        case .rotated90: (y, h - 1 - x)
        case .transverse: (w - 1 - y, h - 1 - x)
        case .rotated270: (w - 1 - y, x)
        }
    }
}

extension RasterImage {
    /// This image as a person sees it under `orientation`.
    public func oriented(_ orientation: Orientation) -> RasterImage {
        guard orientation != .up else { return self }
        let (outWidth, outHeight) = orientation.displayedSize(width: width, height: height)
        var out = [UInt8](repeating: 0, count: outWidth * outHeight * channels)
        let c = channels
        pixels.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                for y in 0..<outHeight {
                    for x in 0..<outWidth {
                        let (sx, sy) = orientation.source(x: x, y: y, width: width, height: height)
                        let from = (sy * width + sx) * c, to = (y * outWidth + x) * c
                        for k in 0..<c { target[to + k] = source[from + k] }
                    }
                }
            }
        }
        return RasterImage(width: outWidth, height: outHeight, channels: channels, pixels: out)
    }
}
