// An image's shapes over the API: GET with the revision; PUT replaces them all if the revision matches.
import Domain
import Store
import Web

extension AppContext {
    func showAnnotations(_ request: Request) throws -> Response {
        let image = try visibleImage(request, try require(request))
        let (revision, shapes) = try database.annotations(imageID: image.id)
        let origins = try database.tagOrigins(imageID: image.id)
        return try .json(AnnotationSetJSON(revision: revision, shapes: shapes.map { ShapeJSON($0, origins: origins) }))
    }

    /// PUT /api/v1/images/{id}/annotations. 409 with the current `revision` when someone saved in between.
    func saveAnnotations(_ request: Request) throws -> Response {
        let principal = try require(request)
        let image = try visibleImage(request, principal)
        let body = try request.decodeJSON(AnnotationSetJSON.self)
        let shapes: [Shape]
        do {
            shapes = try body.domainShapes()
        } catch {
            throw HTTPError.badRequest(error.message, field: error.field, code: error.code)
        }
        var origins: [Int64: Int64] = [:]
        for body in body.shapes where body.type == "tag" { origins[body.labelId] = body.suggestedByVersionId }
        let (revision, saved) = try database.saveAnnotations(imageID: image.id, expectedRevision: body.revision, shapes: shapes,
                                                             canReview: try canReview(projectID: image.projectId, principal),
                                                             tagOrigins: origins, by: principal.attribution(request))
        return try .json(AnnotationSetJSON(revision: revision, shapes: saved.map { ShapeJSON($0, origins: origins) }))
    }
}
