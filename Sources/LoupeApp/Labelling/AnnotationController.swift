// An image's shapes over the API: GET with the revision; PUT replaces them all if the revision matches.
import Domain
import Foundation
import Store
import Web

struct AnnotationController: Sendable {
    let store: any AnnotationStore

    func addRoutes(to routes: inout RouteTable) {
        routes.add(.GET, "/api/v1/images/{id}/annotations", access: .image(.member(.annotator)), showAnnotations)
        routes.add(.PUT, "/api/v1/images/{id}/annotations", access: .image(.member(.annotator)), saveAnnotations)
    }

    func showAnnotations(_ request: Request, _ context: ImageContext) throws -> Response {
        let (revision, shapes) = try store.annotations(imageID: context.image.id)
        let origins = try store.tagOrigins(imageID: context.image.id)
        let last = try store.lastSave(imageID: context.image.id)
        return try .json(AnnotationsDTO(revision: revision, shapes: shapes.map { ShapeJSON($0, origins: origins) },
                                        savedBy: last?.username, savedAt: last?.at))
    }

    /// PUT /api/v1/images/{id}/annotations. 409 with the current `revision` when someone saved in between.
    func saveAnnotations(_ request: Request, _ context: ImageContext) throws -> Response {
        let body = try request.decodeJSON(AnnotationSetJSON.self)
        let shapes: [Shape]
        do {
            shapes = try body.domainShapes()
        } catch {
            throw HTTPError.badRequest(error.message, field: error.field, code: error.code)
        }
        var origins: [Int64: Int64] = [:]
        for body in body.shapes where body.type == "tag" { origins[body.labelId] = body.suggestedByVersionId }
        let (revision, saved) = try store.saveAnnotations(imageID: context.image.id, expectedRevision: body.revision, shapes: shapes, rules: ShapeValidation(),
                                                             canReview: context.canReview,
                                                             tagOrigins: origins, by: context.attribution)
        return try .json(AnnotationSetJSON(revision: revision, shapes: saved.map { ShapeJSON($0, origins: origins) }))
    }
}

/// An image's shapes as read: the revision, and who saved it when (an edit conflict shows both).
struct AnnotationsDTO: Encodable {
    let revision: Int
    let shapes: [ShapeJSON]
    let savedBy: String?
    let savedAt: Date?
}
