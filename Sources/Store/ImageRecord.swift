// An uploaded image: where its files are, its size as displayed, its review status.
import Domain
import Foundation

public struct ImageRecord: Sendable, Equatable {
    public let id: Int64
    public let projectId: Int64
    public let fileName: String
    public let sha256: String
    public let format: String
    public let byteSize: Int
    /// As displayed, after EXIF orientation.
    public let width: Int
    public let height: Int
    public let orientation: Int
    /// Relative to the data directory.
    public let originalPath: String
    public let thumbnailPath: String
    public let displayPath: String?
    /// Levels of its tile pyramid (0: none; the editor draws the display rendition alone).
    public let tileLevels: Int
    public let status: ImageStatus
    /// Goes up by one with each save of the image's shapes.
    public let revision: Int
    public let uploadedBy: Int64?
    public let uploadedAt: Date
}

/// What the ingest step knows about an image before it has a row.
public struct NewImage: Sendable {
    public var projectId: Int64
    public var fileName: String
    public var sha256: String
    public var format: String
    public var byteSize: Int
    public var width: Int
    public var height: Int
    public var orientation: Int
    public var originalPath: String
    public var thumbnailPath: String
    public var displayPath: String?
    /// Its tile pyramid: the level count, and each tile's file.
    public var tileLevels = 0
    public var tiles: [(level: Int, x: Int, y: Int, path: String)] = []

    public init(projectId: Int64, fileName: String, sha256: String, format: String, byteSize: Int, width: Int, height: Int,
                orientation: Int, originalPath: String, thumbnailPath: String, displayPath: String?) {
        self.projectId = projectId
        self.fileName = fileName
        self.sha256 = sha256
        self.format = format
        self.byteSize = byteSize
        self.width = width
        self.height = height
        self.orientation = orientation
        self.originalPath = originalPath
        self.thumbnailPath = thumbnailPath
        self.displayPath = displayPath
    }
}

extension ImageRecord: RowDecodable {
    init(row: SQLRow) throws {
        id = row["id"]
        projectId = row["project_id"]
        fileName = row["file_name"]
        sha256 = row["sha256"]
        format = row["format"]
        byteSize = row["byte_size"]
        width = row["width"]
        height = row["height"]
        orientation = row["orientation"]
        originalPath = row["original_path"]
        thumbnailPath = row["thumbnail_path"]
        displayPath = row["display_path"]
        tileLevels = row["tile_levels"]
        status = try ImageStatus.decoded(row["status"])
        revision = row["revision"]
        uploadedBy = row["uploaded_by"]
        uploadedAt = row["uploaded_at"]
    }
}

extension ImageStatus {
    /// A stored status, or `corrupt` for one the schema should have ruled out.
    static func decoded(_ raw: String) throws -> ImageStatus {
        guard let status = ImageStatus(rawValue: raw) else { throw StoreError.corrupt("unknown image status '\(raw)'") }
        return status
    }
}
