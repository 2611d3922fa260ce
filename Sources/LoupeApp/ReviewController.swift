// The review flow over the API: annotators submit, reviewers accept or reject with a comment.
import Domain
import Store
import Web

extension AppContext {
    struct Submission: Decodable {
        /// When given, must still be the image's revision (so the reviewer sees what was submitted).
        let revision: Int?
    }

    struct Decision: Decodable {
        let decision: String
        let comment: String?
    }

    /// POST /api/v1/images/{id}/submit
    func submitImage(_ request: Request) throws -> Response {
        let principal = try require(request)
        let image = try visibleImage(request, principal)
        let body = request.body.isEmpty ? Submission(revision: nil) : try request.decodeJSON(Submission.self)
        let submitted = try database.submitImage(id: image.id, expectedRevision: body.revision, by: principal.attribution(request))
        return try .json(ImageDTO(submitted))
    }

    /// POST /api/v1/images/{id}/review with `{"decision": "accept"|"reject", "comment": "…"}`
    func reviewImage(_ request: Request) throws -> Response {
        let principal = try require(request)
        let image = try visibleImage(request, principal)
        guard try canReview(projectID: image.projectId, principal) else {
            throw HTTPError.forbidden("Accepting and rejecting images needs the reviewer role.")
        }
        let body = try request.decodeJSON(Decision.self)
        guard let decision = ReviewDecision(rawValue: body.decision) else {
            throw HTTPError.badRequest("decision is accept or reject.", field: "decision", code: "invalid_field")
        }
        let reviewed = try database.reviewImage(id: image.id, decision: decision, comment: body.comment ?? "",
                                                by: principal.attribution(request))
        return try .json(ImageDTO(reviewed))
    }

    /// GET /api/v1/images/{id}/reviews — the decisions on the image, newest first.
    func listReviews(_ request: Request) throws -> Response {
        let image = try visibleImage(request, try require(request))
        return try .json(["reviews": try database.reviews(imageID: image.id).map(ReviewDTO.init)])
    }

    func canReview(projectID: Int64, _ principal: Principal) throws -> Bool {
        ProjectAccess.canReview(role: principal.user.role,
                                memberRole: try database.memberRole(projectID: projectID, userID: principal.user.id))
    }
}
