// Images over the API: upload one file (raw body), list a project's in keyset pages, show one,
// and hand its files to nginx with X-Accel-Redirect once access is checked.
import Domain
import FileStore
import Foundation
import Store
import Web

struct ImageController: Sendable {
    let store: any ImageStore
    let ingest: ImageIngest

    func addRoutes(to routes: inout RouteTable) {
        routes.add(.POST, "/api/v1/projects/{id}/images", access: .project(.member(.data)), options: .multipartForm, uploadImage)
        routes.add(.GET, "/api/v1/projects/{id}/images", access: .project(.member(.annotator)), listImages)
        routes.add(.GET, "/api/v1/images/{id}", access: .image(.member(.annotator)), showImage)
        routes.add(.GET, "/api/v1/images/{id}/neighbors", access: .image(.member(.annotator)), showImageNeighbors)
        routes.add(.GET, "/api/v1/images/{id}/thumbnail", access: .image(.member(.annotator)), serveThumbnail)
        routes.add(.GET, "/api/v1/images/{id}/display", access: .image(.member(.annotator)), serveDisplayImage)
        routes.add(.GET, "/api/v1/images/{id}/file", access: .image(.member(.annotator)), serveOriginal)
        routes.add(.GET, "/api/v1/images/{id}/tiles/{level}/{x}/{y}", access: .image(.member(.annotator)), serveTile)
    }

    /// POST /api/v1/projects/{id}/images?file_name=photo.jpg with the file as the body.
    /// 201 with the new image, or 200 with `duplicate: true` when the project already has these bytes.
    func uploadImage(_ request: Request, _ context: ProjectContext) throws -> Response {
        guard !context.project.archived else {
            throw HTTPError(HTTPStatus.conflict, code: "project_archived", message: "This project is archived; unarchive it to add images.")
        }
        if Request.streamsBody(contentType: request.contentType) { return try uploadImageBatch(request, context) }
        guard !request.body.isEmpty else { throw HTTPError.badRequest("The body is empty; send the image file as the body.", field: "file", code: "empty_file") }
        let (image, duplicate) = try ingest.ingest(request.body, fileName: request.query["file_name"] ?? "",
                                                   projectID: context.project.id, by: context.attribution)
        return try .json(UploadedImageDTO(image: ImageDTO(image), duplicate: duplicate),
                         status: duplicate ? HTTPStatus.ok : HTTPStatus.created)
    }

    /// GET /api/v1/projects/{id}/images?status=&after=&limit= — keyset pages in upload order.
    func listImages(_ request: Request, _ context: ProjectContext) throws -> Response {
        let status = try request.imageStatusFilter()
        let limit = Int(try request.queryInteger("limit", in: 1...500, default: 100))
        let after = try request.queryInteger("after", in: 0...Int64.max, default: 0)
        let images = try store.images(projectID: context.project.id, status: status, afterID: after, limit: limit)
        let counts = try store.imageCounts(projectID: context.project.id)
        let details = try store.galleryDetails(imageIDs: images.map(\.id))
        let tiles = images.map { image in
            var dto = ImageDTO(image)
            dto.shapeCount = details[image.id]?.shapeCount ?? 0
            dto.tagCount = details[image.id]?.tagCount ?? 0
            dto.heldBy = details[image.id]?.heldBy
            return dto
        }
        return try .json(ImagePageDTO(
            images: tiles, nextAfter: images.count == limit ? images.last?.id : nil,
            counts: Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) })))
    }

    /// One image, with what the caller may do with it (the editor shows review buttons from this).
    func showImage(_ request: Request, _ context: ImageContext) throws -> Response {
        let copy = try store.workCopy(seenBy: context)
        var dto = ImageDTO(context.image, seenIn: copy)
        dto.canReview = context.canReview && copy == nil  // on their own copy a reviewer labels; consensus is reviewed apart
        return try .json(dto)
    }

    /// GET /api/v1/images/{id}/neighbors[?status=] — previous and next image ids in upload order.
    func showImageNeighbors(_ request: Request, _ context: ImageContext) throws -> Response {
        let (previous, next) = try store.neighbors(of: context.image, status: try request.imageStatusFilter())
        return try .json(NeighborsDTO(previousId: previous, nextId: next))
    }

    func serveThumbnail(_ request: Request, _ context: ImageContext) throws -> Response {
        return accelRedirect(context.image.thumbnailPath, type: "image/jpeg")
    }

    func serveDisplayImage(_ request: Request, _ context: ImageContext) throws -> Response {
        return accelRedirect(context.image.displayPath ?? context.image.originalPath, type: context.image.displayPath == nil ? "image/\(context.image.format)" : "image/jpeg")
    }

    /// GET /api/v1/images/{id}/tiles/{level}/{x}/{y}: one 256-px JPEG tile of the image's pyramid
    /// (level 0 is full size), sent by nginx once access is checked; 404 for a tile it does not have.
    func serveTile(_ request: Request, _ context: ImageContext) throws -> Response {
        func coordinate(_ name: String) throws -> Int {
            guard let text = request.pathParameters[name], let value = Int(text), (0...100_000).contains(value) else {
                throw HTTPError.notFound("No such tile.")
            }
            return value
        }
        guard let path = try store.tilePath(imageID: context.image.id, level: coordinate("level"), x: coordinate("x"), y: coordinate("y")) else {
            throw HTTPError.notFound("This image has no such tile.")
        }
        return accelRedirect(path, type: "image/jpeg")
    }

    func serveOriginal(_ request: Request, _ context: ImageContext) throws -> Response {
        var response = accelRedirect(context.image.originalPath, type: "image/\(context.image.format)")
        let quoted = context.image.fileName.replacingOccurrences(of: "\"", with: "'")
        response.setHeader("Content-Disposition", "inline; filename=\"\(quoted)\"; filename*=UTF-8''\(FormFields.encodeComponent(context.image.fileName))")
        return response
    }

    /// nginx streams the file from disk or the object store (`ContentStore.redirectTarget`); the worker sends no bytes.
    func accelRedirect(_ relativePath: String, type: String) -> Response {
        Response(status: 200, headers: [("X-Accel-Redirect", ingest.files.redirectTarget(relativePath)), ("Content-Type", type)])
    }
}
