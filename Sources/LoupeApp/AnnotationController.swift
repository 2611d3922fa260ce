// An image's shapes over the API: GET with the revision; PUT replaces them all if the revision matches.
import Domain
import Store
import Web

extension AppContext {
    /// One shape as JSON: `type` says which of the other fields it uses.
    struct ShapeBody: Codable {
        let type: String
        let labelId: Int64
        var x: Double?
        var y: Double?
        var w: Double?
        var h: Double?
        var points: [[Double]]?
        /// Tags only: the model version whose suggestion the annotator accepted.
        var suggestedByVersionId: Int64?

        init(_ shape: Shape, origins: [Int64: Int64] = [:]) {
            labelId = shape.labelID
            type = shape.kind
            switch shape {
            case .box(_, let x, let y, let w, let h): (self.x, self.y, self.w, self.h) = (x, y, w, h)
            case .polygon(_, let points): self.points = points.map { [$0.x, $0.y] }
            case .tag(let label): suggestedByVersionId = origins[label]
            }
        }

        /// The domain shape, or a 400 naming the missing or malformed field (`shapes[2].w`).
        func shape(at index: Int) throws -> Shape {
            func missing(_ name: String) -> HTTPError {
                .badRequest("shapes[\(index)].\(name) is required for a \(type).", field: "shapes[\(index)].\(name)", code: "missing_field")
            }
            func need(_ value: Double?, _ name: String) throws -> Double {
                guard let value else { throw missing(name) }
                return value
            }
            switch type {
            case "bbox":
                return .box(labelID: labelId, x: try need(x, "x"), y: try need(y, "y"), width: try need(w, "w"), height: try need(h, "h"))
            case "polygon":
                guard let points else { throw missing("points") }
                return .polygon(labelID: labelId, points: try points.enumerated().map { i, pair in
                    guard pair.count == 2 else {
                        throw HTTPError.badRequest("Each point is [x, y].", field: "shapes[\(index)].points[\(i)]", code: "invalid_field")
                    }
                    return Point(x: pair[0], y: pair[1])
                })
            case "tag":
                return .tag(labelID: labelId)
            default:
                throw HTTPError.badRequest("type is bbox, polygon or tag.", field: "shapes[\(index)].type", code: "invalid_field")
            }
        }
    }

    struct AnnotationSet: Codable {
        let revision: Int
        let shapes: [ShapeBody]
    }

    func showAnnotations(_ request: Request) throws -> Response {
        let image = try visibleImage(request, try require(request))
        let (revision, shapes) = try database.annotations(imageID: image.id)
        let origins = try database.tagOrigins(imageID: image.id)
        return try .json(AnnotationSet(revision: revision, shapes: shapes.map { ShapeBody($0, origins: origins) }))
    }

    /// PUT /api/v1/images/{id}/annotations. 409 with the current `revision` when someone saved in between.
    func saveAnnotations(_ request: Request) throws -> Response {
        let principal = try require(request)
        let image = try visibleImage(request, principal)
        let body = try request.decodeJSON(AnnotationSet.self)
        let shapes = try body.shapes.enumerated().map { index, shape in try shape.shape(at: index) }
        var origins: [Int64: Int64] = [:]
        for body in body.shapes where body.type == "tag" { origins[body.labelId] = body.suggestedByVersionId }
        let (revision, saved) = try database.saveAnnotations(imageID: image.id, expectedRevision: body.revision, shapes: shapes,
                                                             canReview: try canReview(projectID: image.projectId, principal),
                                                             tagOrigins: origins, by: principal.attribution(request))
        return try .json(AnnotationSet(revision: revision, shapes: saved.map { ShapeBody($0, origins: origins) }))
    }
}
