// What the rest of Loupe asks of images: inspect a header, decode as displayed, make thumbnails.

/// An image file's header facts, read without decoding pixels.
public struct ImageInfo: Sendable, Equatable {
    public let format: ImageFormat
    /// Size as stored in the file.
    public let storedWidth: Int
    public let storedHeight: Int
    public let orientation: Orientation
    public let progressive: Bool
    public let bitDepth: Int

    /// Size as a person sees it, after the EXIF orientation.
    public var width: Int { orientation.displayedSize(width: storedWidth, height: storedHeight).width }
    public var height: Int { orientation.displayedSize(width: storedWidth, height: storedHeight).height }
}

public enum Imaging {
    /// Default refusal threshold: 100 megapixels.
    public static let defaultMaxPixels = 100_000_000
    /// Default limit for baseline JPEGs, which are tiled row by row and never decoded whole: 1 gigapixel.
    public static let defaultMaxTiledPixels = 1_000_000_000

    /// Format, size and orientation from the header alone. Throws for anything that is not a
    /// readable JPEG/PNG header, and for images over `maxPixels`, before any pixel is decoded.
    public static func inspect(_ bytes: [UInt8], maxPixels: Int = defaultMaxPixels) throws -> ImageInfo {
        let format = try ImageFormat.sniff(bytes)
        let header = try ImageCodec.header(bytes, format: format)
        let info = ImageInfo(
            format: format, storedWidth: header.width, storedHeight: header.height,
            orientation: format == .jpeg ? ExifOrientation.read(fromJPEG: bytes) : .up,
            progressive: header.progressive, bitDepth: header.bitDepth)
        guard info.storedWidth > 0, info.storedHeight > 0 else { throw ImagingError.corrupt("it has no pixels") }
        guard info.storedWidth * info.storedHeight <= maxPixels else {
            throw ImagingError.tooLarge(width: info.width, height: info.height, limit: maxPixels)
        }
        return info
    }

    /// The whole image as displayed (EXIF orientation applied), RGB or RGBA.
    public static func decode(_ bytes: [UInt8], maxPixels: Int = defaultMaxPixels) throws -> RasterImage {
        try decode(bytes, info: inspect(bytes, maxPixels: maxPixels), longestSideAtLeast: nil, fast: false)
    }

    /// The image as displayed, decoded no larger than needed for its longest side to reach
    /// `longestSide` (JPEG uses DCT scaling; PNG is decoded whole), then area-averaged down to it.
    public static func reduced(_ bytes: [UInt8], toFit longestSide: Int, info: ImageInfo) throws -> RasterImage {
        try decode(bytes, info: info, longestSideAtLeast: longestSide, fast: true).downscaled(toFit: longestSide)
    }

    /// A JPEG thumbnail fitting `maxSide` × `maxSide`, as displayed; transparency over white.
    public static func thumbnail(_ bytes: [UInt8], info: ImageInfo, maxSide: Int = 256, quality: Int = 85) throws -> RasterImage {
        try reduced(bytes, toFit: maxSide, info: info).flattened()
    }

    public static func encodeJPEG(_ image: RasterImage, quality: Int = 85) throws -> [UInt8] {
        try ImageCodec.encodeJPEG(image.flattened(), quality: quality, fast: false)
    }

    /// The smallest libjpeg scale (n/8) whose output's longest side is still ≥ `target`.
    static func jpegScale(longestSide: Int, target: Int) -> Int {
        (1...8).first { eighths in (longestSide * eighths + 7) / 8 >= target } ?? 8
    }

    private static func decode(_ bytes: [UInt8], info: ImageInfo, longestSideAtLeast target: Int?, fast: Bool) throws -> RasterImage {
        let limit = info.storedWidth * info.storedHeight  // already checked against the caller's limit
        let stored: RasterImage
        switch info.format {
        case .jpeg:
            let eighths = target.map { jpegScale(longestSide: max(info.storedWidth, info.storedHeight), target: $0) } ?? 8
            stored = try ImageCodec.decodeJPEG(bytes, scaleEighths: eighths, fast: fast && eighths < 8, maxPixels: limit)
        case .png:
            stored = try ImageCodec.decodePNG(bytes, maxPixels: limit)
        }
        return stored.oriented(info.orientation)
    }
}
