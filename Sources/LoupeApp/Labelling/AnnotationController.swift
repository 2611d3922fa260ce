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
        routes.add(.GET, "/api/v1/images/{id}/box-suggestions", access: .image(.member(.annotator)), listBoxSuggestions)
        routes.add(.POST, "/api/v1/images/{id}/propagate", access: .image(.member(.annotator)), propagateShapes)
    }

    struct Propagation: Decodable {
        let shapes: [ShapeJSON]
        let count: Int
        /// Only the next images of this status (the editor's filter).
        let status: ImageStatus?
    }

    /// POST /api/v1/images/{id}/propagate: the given shapes added to the next `count` images, each
    /// clamped to its image; says which images changed and which were skipped, and why.
    func propagateShapes(_ request: Request, _ context: ImageContext) throws -> Response {
        let body = try request.decodeJSON(Propagation.self)
        let shapes = try body.shapes.requestShapes()
        let result = try store.propagateShapes(from: context.image.id, shapes: shapes, count: body.count, status: body.status,
                                               canReview: context.canReview, by: context.attribution)
        return try .json(PropagationDTO(result))
    }

    /// GET /api/v1/images/{id}/annotations: the image's shapes, or the caller's own copy when they label it apart.
    func showAnnotations(_ request: Request, _ context: ImageContext) throws -> Response {
        if let copy = try store.workCopy(seenBy: context) {
            return try .json(AnnotationsDTO(revision: copy.revision, shapes: Self.json(copy.shapes, origins: ShapeOrigins()),
                                            savedBy: copy.savedAt == nil ? nil : context.user.username, savedAt: copy.savedAt))
        }
        let (revision, shapes) = try store.annotations(imageID: context.image.id)
        let origins = try store.shapeOrigins(imageID: context.image.id)
        let last = try store.lastSave(imageID: context.image.id)
        return try .json(AnnotationsDTO(revision: revision, shapes: Self.json(shapes, origins: origins),
                                        savedBy: last?.username, savedAt: last?.at))
    }

    /// GET /api/v1/images/{id}/box-suggestions: boxes a detector proposed, best first, until accepted or rejected.
    /// Someone labelling the image apart gets none: their work must be their own.
    func listBoxSuggestions(_ request: Request, _ context: ImageContext) throws -> Response {
        let apart = try store.workCopy(seenBy: context) != nil
        return try .json(["suggestions": apart ? [] : try store.boxSuggestions(imageID: context.image.id).map(BoxSuggestionDTO.init)])
    }

    /// PUT /api/v1/images/{id}/annotations. 409 with the current `revision` when someone saved in between.
    /// Someone labelling the image apart saves their own copy.
    /// A box with `suggestion_id` accepts that suggestion; `rejected_suggestions` and `open_suggestions`
    /// record rejections and undone decisions with the same save.
    func saveAnnotations(_ request: Request, _ context: ImageContext) throws -> Response {
        let body = try request.decodeJSON(AnnotationSetJSON.self)
        let shapes = try body.shapes.requestShapes()
        if try store.workCopy(seenBy: context) != nil {
            let (revision, saved) = try store.saveWorkCopy(imageID: context.image.id, userID: context.user.id, expectedRevision: body.revision,
                                                           shapes: shapes, rules: ShapeValidation())
            return try .json(AnnotationSetJSON(revision: revision, shapes: Self.json(saved, origins: ShapeOrigins())))
        }
        let decisions = SuggestionDecisions(origins: body.origins, rejected: body.rejectedSuggestions ?? [],
                                            reopened: body.openSuggestions ?? [])
        let (revision, saved, origins) = try store.saveAnnotations(imageID: context.image.id, expectedRevision: body.revision, shapes: shapes, rules: ShapeValidation(),
                                                             canReview: context.canReview, decisions: decisions, by: context.attribution)
        return try .json(AnnotationSetJSON(revision: revision, shapes: Self.json(saved, origins: origins)))
    }

    static func json(_ shapes: [Shape], origins: ShapeOrigins) -> [ShapeJSON] {
        shapes.enumerated().map { ShapeJSON($1, position: $0, origins: origins) }
    }
}

/// A box a detector proposed: its label, score and extent ([x, y, w, h] in displayed pixels).
struct BoxSuggestionDTO: Encodable {
    let id: Int64
    let labelId: Int64
    /// nil for a suggestion imported from another tool (`source` names it).
    let modelVersionId: Int64?
    let source: String?
    let score: Double
    let bbox: [Double]

    init(_ s: BoxSuggestion) {
        (id, labelId, modelVersionId, score, bbox) = (s.id, s.labelID, s.modelVersionID, s.score, [s.x, s.y, s.width, s.height])
        source = s.source.isEmpty ? nil : s.source
    }
}

/// Which images a propagation changed (with their new revision and how many shapes each got), and which it skipped.
struct PropagationDTO: Encodable {
    struct Changed: Encodable { let imageId: Int64; let revision: Int; let added: Int }
    struct Skipped: Encodable { let imageId: Int64; let reason: String }
    let changed: [Changed]
    let skipped: [Skipped]

    init(_ result: PropagationResult) {
        changed = result.changed.map { Changed(imageId: $0.imageID, revision: $0.revision, added: $0.added) }
        skipped = result.skipped.map { Skipped(imageId: $0.imageID, reason: $0.reason) }
    }
}

/// An image's shapes as read: the revision, and who saved it when (an edit conflict shows both).
struct AnnotationsDTO: Encodable {
    let revision: Int
    let shapes: [ShapeJSON]
    let savedBy: String?
    let savedAt: Date?
}
