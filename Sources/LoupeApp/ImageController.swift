// Images over the API: upload one file (raw body), list a project's in keyset pages, show one,
// and hand its files to nginx with X-Accel-Redirect once access is checked.
import Domain
import Foundation
import Store
import Web

extension AppContext {
    /// POST /api/v1/projects/{id}/images?file_name=photo.jpg with the file as the body.
    /// 201 with the new image, or 200 with `duplicate: true` when the project already has these bytes.
    func uploadImage(_ request: Request) throws -> Response {
        let multipart = Request.streamsBody(contentType: request.contentType)
        // Multipart forms carry their CSRF token as a field; the batch reader checks it before any file.
        let principal = try require(request, csrf: multipart ? .byHandler : .beforeHandler)
        let project = try visibleProject(request, principal)
        let memberRole = try database.memberRole(projectID: project.id, userID: principal.user.id)
        guard ProjectAccess.canUpload(role: principal.user.role, memberRole: memberRole) else {
            throw HTTPError.forbidden("Adding images needs the data or admin role.")
        }
        guard !project.archived else {
            throw HTTPError(HTTPStatus.conflict, code: "project_archived", message: "This project is archived; unarchive it to add images.")
        }
        if multipart { return try uploadImageBatch(request, project: project, principal: principal) }
        guard !request.body.isEmpty else { throw HTTPError.badRequest("The body is empty; send the image file as the body.", field: "file", code: "empty_file") }
        let ingest = imageIngest
        let (image, duplicate) = try ingest.ingest(request.body, fileName: request.query["file_name"] ?? "",
                                                   projectID: project.id, by: principal.attribution(request))
        return try .json(UploadedImageDTO(image: ImageDTO(image), duplicate: duplicate),
                         status: duplicate ? HTTPStatus.ok : HTTPStatus.created)
    }

    /// GET /api/v1/projects/{id}/images?status=&after=&limit= — keyset pages in upload order.
    func listImages(_ request: Request) throws -> Response {
        let principal = try require(request)
        let project = try visibleProject(request, principal)
        let status = try imageStatusFilter(request)
        let limit = min(max(Int(request.query["limit"] ?? "") ?? 100, 1), 500)
        let after = Int64(request.query["after"] ?? "") ?? 0
        let images = try database.images(projectID: project.id, status: status, afterID: after, limit: limit)
        let counts = try database.imageCounts(projectID: project.id)
        let details = try database.galleryDetails(imageIDs: images.map(\.id))
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
    func showImage(_ request: Request) throws -> Response {
        let principal = try require(request)
        let image = try visibleImage(request, principal)
        var dto = ImageDTO(image)
        dto.canReview = try canReview(projectID: image.projectId, principal)
        return try .json(dto)
    }

    /// GET /api/v1/images/{id}/neighbors[?status=] — previous and next image ids in upload order.
    func showImageNeighbors(_ request: Request) throws -> Response {
        let image = try visibleImage(request, try require(request))
        let (previous, next) = try database.neighbors(of: image, status: try imageStatusFilter(request))
        return try .json(NeighborsDTO(previousId: previous, nextId: next))
    }

    func serveThumbnail(_ request: Request) throws -> Response {
        let image = try visibleImage(request, try require(request))
        return Self.accelRedirect(image.thumbnailPath, type: "image/jpeg")
    }

    func serveDisplayImage(_ request: Request) throws -> Response {
        let image = try visibleImage(request, try require(request))
        return Self.accelRedirect(image.displayPath ?? image.originalPath, type: image.displayPath == nil ? "image/\(image.format)" : "image/jpeg")
    }

    func serveOriginal(_ request: Request) throws -> Response {
        let image = try visibleImage(request, try require(request))
        var response = Self.accelRedirect(image.originalPath, type: "image/\(image.format)")
        let quoted = image.fileName.replacingOccurrences(of: "\"", with: "'")
        response.setHeader("Content-Disposition", "inline; filename=\"\(quoted)\"; filename*=UTF-8''\(FormFields.encodeComponent(image.fileName))")
        return response
    }

    /// The `{id}` image if the caller may see its project; 404 otherwise.
    func visibleImage(_ request: Request, _ principal: Principal) throws -> ImageRecord {
        guard let image = try database.image(id: try request.intParameter("id")),
              try database.visibleProject(id: image.projectId, for: principal.user) != nil
        else { throw HTTPError.notFound("No such image.") }
        return image
    }

    /// nginx streams the file from its internal /_files/ location; the worker sends no bytes.
    static func accelRedirect(_ relativePath: String, type: String) -> Response {
        Response(status: 200, headers: [("X-Accel-Redirect", "/_files/\(relativePath)"), ("Content-Type", type)])
    }
}
