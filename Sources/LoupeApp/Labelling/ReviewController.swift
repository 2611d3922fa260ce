// The review flow over the API: annotators submit, reviewers accept or reject with a comment.
import Domain
import Store
import Web

struct ReviewController: Sendable {
    let store: any AnnotationStore

    func addRoutes(to routes: inout RouteTable) {
        routes.add(.POST, "/api/v1/images/{id}/submit", access: .image(.member(.annotator)), submitImage)
        routes.add(.POST, "/api/v1/images/{id}/review", access: .image(.member(.reviewer)), reviewImage)
        routes.add(.GET, "/api/v1/images/{id}/reviews", access: .image(.member(.annotator)), listReviews)
    }

    struct Submission: Decodable {
        /// When given, must still be the image's revision (so the reviewer sees what was submitted).
        let revision: Int?
    }

    struct Decision: Decodable {
        let decision: String
        let comment: String?
    }

    /// POST /api/v1/images/{id}/submit: the image, or the caller's own copy when they label it apart.
    func submitImage(_ request: Request, _ context: ImageContext) throws -> Response {
        let body = request.body.isEmpty ? Submission(revision: nil) : try request.decodeJSON(Submission.self)
        if try store.workCopy(seenBy: context) != nil {
            let copy = try store.submitWorkCopy(imageID: context.image.id, userID: context.user.id, expectedRevision: body.revision,
                                                by: context.attribution)
            return try .json(ImageDTO(context.image, seenIn: copy))
        }
        let submitted = try store.submitImage(id: context.image.id, expectedRevision: body.revision, by: context.attribution)
        return try .json(ImageDTO(submitted))
    }

    /// POST /api/v1/images/{id}/review with `{"decision": "accept"|"reject", "comment": "…"}`
    func reviewImage(_ request: Request, _ context: ImageContext) throws -> Response {
        let body = try request.decodeJSON(Decision.self)
        guard let decision = ReviewDecision(rawValue: body.decision) else {
            throw HTTPError.badRequest("decision is accept or reject.", field: "decision", code: "invalid_field")
        }
        let reviewed = try store.reviewImage(id: context.image.id, decision: decision, comment: body.comment ?? "",
                                                by: context.attribution)
        return try .json(ImageDTO(reviewed))
    }

    /// GET /api/v1/images/{id}/reviews — the decisions on the image, newest first.
    func listReviews(_ request: Request, _ context: ImageContext) throws -> Response {
        let apart = try store.workCopy(seenBy: context) != nil  // their copy has no reviews
        return try .json(["reviews": apart ? [] : try store.reviews(imageID: context.image.id).map(ReviewDTO.init)])
    }
}
