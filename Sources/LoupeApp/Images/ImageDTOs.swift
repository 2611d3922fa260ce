// The JSON shapes of images: one image, an upload's outcome, a gallery page, neighbours.
import Domain
import Foundation
import Store
import Web

struct ImageDTO: Encodable {
    let id: Int64
    let projectId: Int64
    let fileName: String
    let width: Int
    let height: Int
    var status: String
    let format: String
    let byteSize: Int
    let sha256: String
    let uploadedAt: Date
    let thumbnailUrl: String
    let displayUrl: String
    let fileUrl: String
    /// Levels of its 256-px tile pyramid (`/api/v1/images/{id}/tiles/{level}/{x}/{y}`, level 0 full
    /// size); 0 when it has none and the display rendition is all the editor needs.
    let tileLevels: Int
    /// Set only where one image is shown to its caller.
    var canReview: Bool?
    /// Set in gallery pages: boxes and polygons, image tags, and who is labelling it now.
    var shapeCount: Int?
    var tagCount: Int?
    var heldBy: String?

    init(_ image: ImageRecord) {
        id = image.id
        projectId = image.projectId
        fileName = image.fileName
        width = image.width
        height = image.height
        status = image.status.rawValue
        format = image.format
        byteSize = image.byteSize
        sha256 = image.sha256
        tileLevels = image.tileLevels
        uploadedAt = image.uploadedAt
        thumbnailUrl = "/api/v1/images/\(image.id)/thumbnail"
        displayUrl = "/api/v1/images/\(image.id)/display"
        fileUrl = "/api/v1/images/\(image.id)/file"
    }

    /// The image as its labeller sees it: with their own copy, in their copy's status (an overlap or
    /// ground-truth image looks like any other image to label).
    init(_ image: ImageRecord, seenIn copy: WorkCopy?) {
        self.init(image)
        if let copy { status = copy.imageStatus.rawValue }
    }
}

struct UploadedImageDTO: Encodable {
    let image: ImageDTO
    let duplicate: Bool
}

struct ImagePageDTO: Encodable {
    let images: [ImageDTO]
    /// Pass as `after` for the next page; absent on the last page.
    let nextAfter: Int64?
    let counts: [String: Int]
}

struct NeighborsDTO: Encodable {
    let previousId: Int64?
    let nextId: Int64?
}
