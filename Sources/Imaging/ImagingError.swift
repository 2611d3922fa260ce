// What can be wrong with an image file, in words an uploader can act on.

public enum ImagingError: Error, Equatable, CustomStringConvertible {
    /// Not JPEG or PNG; `detected` names what it looks like, when known (`GIF`, `WebP`, …).
    case unsupportedFormat(detected: String?)
    case corrupt(String)
    case truncated
    /// More pixels than allowed; refused before any pixel memory is allocated.
    case tooLarge(width: Int, height: Int, limit: Int)
    /// Over `limit` and not one Loupe can tile row by row; `reason` says why not.
    case tooLargeToTile(width: Int, height: Int, limit: Int, reason: String)
    case outOfMemory
    case empty

    public var description: String {
        switch self {
        case .unsupportedFormat(let detected?): "\(detected) images are not supported; upload JPEG or PNG."
        case .unsupportedFormat(nil): "This is not a JPEG or PNG image."
        case .corrupt(let detail): "The image is damaged: \(detail)."
        case .truncated: "The image file is incomplete (it ends before the image does)."
        case .tooLarge(let width, let height, let limit):
            "The image is \(width)×\(height) (\(width * height / 1_000_000) MP); the limit is \(limit / 1_000_000) MP."
        case .tooLargeToTile(let width, let height, let limit, let reason):
            "The image is \(width)×\(height) (\(width * height / 1_000_000) MP). Over \(limit / 1_000_000) MP, Loupe takes baseline JPEGs "
                + "without an EXIF rotation, which it tiles row by row; this one is \(reason)."
        case .outOfMemory: "Not enough memory to decode this image."
        case .empty: "The file is empty."
        }
    }

    /// A stable machine-readable code for API errors.
    public var code: String {
        switch self {
        case .unsupportedFormat: "unsupported_format"
        case .corrupt: "corrupt_image"
        case .truncated: "truncated_image"
        case .tooLarge, .tooLargeToTile: "image_too_large"
        case .outOfMemory: "out_of_memory"
        case .empty: "empty_file"
        }
    }
}
