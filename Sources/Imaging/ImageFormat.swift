// Telling formats apart by their first bytes, never by the file name.

public enum ImageFormat: String, Sendable, Equatable {
    case jpeg
    case png

    public var fileExtension: String { self == .jpeg ? "jpg" : "png" }
    public var mimeType: String { self == .jpeg ? "image/jpeg" : "image/png" }

    /// The format of `bytes` from its magic number, or an error naming what it is instead.
    public static func sniff(_ bytes: some Collection<UInt8>) throws -> ImageFormat {
        let head = Array(bytes.prefix(12))
        guard !head.isEmpty else { throw ImagingError.empty }
        func starts(_ magic: [UInt8]) -> Bool { head.starts(with: magic) }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        let ascii = String(decoding: head, as: UTF8.self)
        let detected: String? =
            if ascii.hasPrefix("GIF8") { "GIF" }
            else if ascii.hasPrefix("RIFF"), ascii.dropFirst(8).hasPrefix("WEBP") { "WebP" }
            else if ascii.hasPrefix("BM") { "BMP" }
            else if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) { "TIFF" }
            else if ascii.dropFirst(4).hasPrefix("ftyp") { "HEIF/AVIF" }
            else { nil }
        throw ImagingError.unsupportedFormat(detected: detected)
    }
}
