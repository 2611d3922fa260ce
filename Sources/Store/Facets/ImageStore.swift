// A project's images: added, listed in pages with what they hold, and stepped through.
import Domain
import Foundation

/// The image controller's and the ingest's view of the store.
public protocol ImageStore: WorkCopyStore {
    /// Inserts the image, or returns the project's existing image with the same bytes and
    /// `duplicate: true` (nothing is written then).
    func addImage(_ new: NewImage, by who: Attribution) throws -> (image: ImageRecord, duplicate: Bool)
    func images(projectID: Int64, status: ImageStatus?, afterID: Int64, limit: Int) throws -> [ImageRecord]
    /// The file of one tile of the image's pyramid, or nil when there is no such tile.
    func tilePath(imageID: Int64, level: Int, x: Int, y: Int) throws -> String?
    /// How many images of the project are in each status (every status present, zeros included).
    func imageCounts(projectID: Int64) throws -> [ImageStatus: Int]
    /// One keyset page in upload order: images with id > `afterID`, optionally of one status.
    /// Stable while uploads continue: new images only ever appear after the last page.
    /// For a page of the gallery: each image's drawn shapes and tags, and who holds it now (if anyone).
    func galleryDetails(imageIDs: [Int64]) throws -> [Int64: GalleryDetail]
    /// The images just before and after `image` in its project's upload order, optionally among
    /// those of one status: the editor's previous and next.
    func neighbors(of image: ImageRecord, status: ImageStatus?) throws -> (previous: Int64?, next: Int64?)
}

extension AppDatabase: ImageStore {}
