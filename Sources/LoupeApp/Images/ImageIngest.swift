// Turning uploaded bytes into a stored image: check, make thumbnail and display rendition, store the
// files content-addressed, then record the row. Every decode happens before anything is written, so
// a bad file leaves nothing behind.
import Domain
import FileStore
import Imaging
import Monitoring
import Store

public struct ImageIngest: Sendable {
    let store: any ImageStore
    let files: ContentStore
    /// Images decoded whole (PNGs, progressive or rotated JPEGs) may have this many pixels.
    let maxPixels: Int
    /// Baseline JPEGs without a rotation, tiled row by row and never decoded whole, may have this many.
    let maxTiledPixels: Int
    let metrics: MetricsReporter

    public init(store: any ImageStore, files: ContentStore, maxPixels: Int = Imaging.defaultMaxPixels,
                maxTiledPixels: Int = Imaging.defaultMaxTiledPixels, metrics: MetricsReporter = .disabled) {
        (self.store, self.files, self.maxPixels, self.maxTiledPixels, self.metrics) = (store, files, maxPixels, maxTiledPixels, metrics)
    }

    /// Longest side of the rendition the editor loads instead of very large originals.
    static let displaySide = 2048
    static let thumbnailSide = 256

    public func ingest(_ bytes: [UInt8], fileName rawName: String, projectID: Int64, by who: Attribution) throws
        -> (image: ImageRecord, duplicate: Bool)
    {
        let stored = try store.addImage(try prepare(bytes, fileName: rawName, projectID: projectID), by: who)
        if !stored.duplicate { metrics.report(.upload(images: 1, bytes: bytes.count)) }
        return stored
    }

    /// Checks the image as `prepare` does, storing nothing: a dry run's stand-in, with no file paths.
    public func inspect(_ bytes: [UInt8], fileName rawName: String, projectID: Int64) throws -> NewImage {
        let info = try checked(bytes)
        let fileName = FileName.sanitised(rawName, fallback: "image.\(info.format.fileExtension)")
        return NewImage(projectId: projectID, fileName: fileName, sha256: ContentStore.sha256(of: bytes), format: info.format.rawValue,
                        byteSize: bytes.count, width: info.width, height: info.height, orientation: info.orientation.rawValue,
                        originalPath: "", thumbnailPath: "", displayPath: nil)
    }

    /// Checks the image and stores its files; the row is the caller's to write (an import writes
    /// all of its rows in one transaction).
    public func prepare(_ bytes: [UInt8], fileName rawName: String, projectID: Int64) throws -> NewImage {
        let info = try checked(bytes)
        let thumbnail = try Imaging.encodeJPEG(Imaging.thumbnail(bytes, info: info, maxSide: Self.thumbnailSide))
        let display = max(info.width, info.height) > Self.displaySide
            ? try Imaging.encodeJPEG(Imaging.reduced(bytes, toFit: Self.displaySide, info: info), quality: 88) : nil
        let original = try files.store(bytes, in: "images", extension: info.format.fileExtension)
        let thumbnailFile = try files.store(thumbnail, in: "thumbs", extension: "jpg")
        let displayFile = try display.map { try files.store($0, in: "display", extension: "jpg") }
        metrics.report(.thumbnails(count: display == nil ? 1 : 2))
        let fileName = FileName.sanitised(rawName, fallback: "image.\(info.format.fileExtension)")
        var new = NewImage(projectId: projectID, fileName: fileName, sha256: original.sha256, format: info.format.rawValue,
                           byteSize: bytes.count, width: info.width, height: info.height, orientation: info.orientation.rawValue,
                           originalPath: original.relativePath, thumbnailPath: thumbnailFile.relativePath,
                           displayPath: displayFile?.relativePath)
        if display != nil, Self.tilingRefusal(format: info.format, orientation: info.orientation, progressive: info.progressive) == nil {
            new.tileLevels = try TilePyramid.make(bytes, info: info, maxPixels: max(maxPixels, maxTiledPixels)) { address, jpeg in
                let tile = try files.store(jpeg, in: "tiles", extension: "jpg", durable: false)
                new.tiles.append((address.level, address.x, address.y, tile.relativePath))
            }
            files.flush()
            metrics.report(.thumbnails(count: new.tiles.count))
        }
        return new
    }

    /// The header, checked against the limits: over `maxPixels` only images Loupe tiles row by row.
    func checked(_ bytes: [UInt8]) throws -> ImageInfo {
        let info = try Imaging.inspect(bytes, maxPixels: max(maxPixels, maxTiledPixels))
        guard info.storedWidth * info.storedHeight > maxPixels else { return info }
        let reason = info.format == .png ? "a PNG" : Self.tilingRefusal(format: info.format, orientation: info.orientation, progressive: info.progressive)
        if let reason { throw ImagingError.tooLargeToTile(width: info.width, height: info.height, limit: maxPixels, reason: reason) }
        return info
    }

    /// Why the image cannot be tiled row by row, or nil when it can: a rotation would need the whole
    /// image, and so do an interlaced PNG's passes and a progressive JPEG's scans.
    static func tilingRefusal(format: ImageFormat, orientation: Orientation, progressive: Bool) -> String? {
        if orientation != .up { return "rotated by its EXIF orientation" }
        if progressive { return format == .jpeg ? "a progressive JPEG" : "an interlaced PNG" }
        return nil
    }
}
