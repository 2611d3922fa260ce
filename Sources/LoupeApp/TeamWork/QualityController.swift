// Overlap and ground truth over the API: the data team sends a share of images to k people each and
// reads their agreement; a reviewer accepts a consensus merged from their copies; trusted accepted
// images are mixed into queues unannounced, and the data team reads each person's accuracy.
import Domain
import Foundation
import Store
import Web

struct QualityController: Sendable {
    let store: any QualityStore

    func addRoutes(to routes: inout RouteTable) {
        routes.add(.GET, "/api/v1/projects/{id}/overlap", access: .project(.member(.reviewer)), listOverlap)
        routes.add(.POST, "/api/v1/projects/{id}/overlap", access: .project(.manager), addOverlap)
        routes.add(.GET, "/api/v1/images/{id}/consensus", access: .image(.member(.reviewer)), showConsensus)
        routes.add(.POST, "/api/v1/images/{id}/consensus", access: .image(.member(.reviewer)), acceptConsensus)
        routes.add(.GET, "/api/v1/projects/{id}/ground-truth", access: .project(.manager), showGroundTruth)
        routes.add(.POST, "/api/v1/projects/{id}/ground-truth", access: .project(.manager), markGroundTruth)
        routes.add(.PATCH, "/api/v1/projects/{id}/ground-truth", access: .project(.manager), updateGroundTruth)
        routes.add(.DELETE, "/api/v1/projects/{id}/ground-truth/{imageId}", access: .project(.manager), unmarkGroundTruth)
    }

    struct OverlapBody: Decodable {
        let share: Double
        let copies: Int?
    }

    struct GroundTruthBody: Decodable {
        let imageIds: [Int64]?
        let share: Double?
    }

    struct GroundTruthSettings: Decodable {
        let every: Int
    }

    struct ConsensusBody: Decodable {
        let shapes: [ShapeJSON]
    }

    /// POST /api/v1/projects/{id}/overlap with `{"share": 0.1, "copies": 2}`: that share of the new,
    /// unlabelled images (outside batches) is labelled by `copies` people each, independently.
    func addOverlap(_ request: Request, _ context: ProjectContext) throws -> Response {
        let body = try request.decodeJSON(OverlapBody.self)
        let count = try store.addOverlap(projectID: context.project.id, share: body.share, copies: body.copies ?? 2, by: context.attribution)
        return try .json(["images": count], status: HTTPStatus.created)
    }

    /// GET /api/v1/projects/{id}/overlap[?limit=100]: how many overlap images are ready, collecting
    /// and merged; the first `limit` (ready to merge first) with who handed in and who is working;
    /// and the agreement between people per pair and per person.
    func listOverlap(_ request: Request, _ context: ProjectContext) throws -> Response {
        let limit = Int(try request.queryInteger("limit", in: 1...1_000, default: 100))
        let counts = try store.overlapCounts(projectID: context.project.id)
        let images = try store.overlapImages(projectID: context.project.id, limit: limit)
        let work = try store.overlapWork(projectID: context.project.id)
        return try .json(OverlapDTO(counts: .init(ready: counts.ready, collecting: counts.collecting, merged: counts.merged),
                                    images: images.map(OverlapImageDTO.init), pairs: PairwiseAgreement.pairs(work).map(PairDTO.init),
                                    people: PairwiseAgreement.people(work).map(PersonAgreementDTO.init)))
    }

    /// GET /api/v1/images/{id}/consensus: each submitted copy, the proposed consensus and how far each
    /// pair agrees on this image.
    func showConsensus(_ request: Request, _ context: ImageContext) throws -> Response {
        let copies = try store.submittedCopies(imageID: context.image.id)
        let proposal = Consensus.propose(copies.map(\.shapes))
        let pairs = PairwiseAgreement.pairs([copies.map { NamedWork(person: $0.person, work: AnnotatorWork(shapes: $0.shapes)) }])
        return try .json(ConsensusDTO(
            copies: copies.map { CopyDTO(person: $0.person, shapes: AnnotationController.json($0.shapes, origins: ShapeOrigins())) },
            proposal: .init(shapes: AnnotationController.json(proposal.shapes, origins: ShapeOrigins()), support: proposal.support),
            pairs: pairs.map(PairDTO.init)))
    }

    /// POST /api/v1/images/{id}/consensus with `{"shapes": […]}` (the proposal as the reviewer kept it):
    /// they become the image's shapes and the image is accepted.
    func acceptConsensus(_ request: Request, _ context: ImageContext) throws -> Response {
        let body = try request.decodeJSON(ConsensusBody.self)
        let shapes = try body.shapes.requestShapes()
        let image = try store.acceptConsensus(imageID: context.image.id, shapes: shapes, rules: ShapeValidation(), by: context.attribution)
        return try .json(ImageDTO(image))
    }

    /// GET /api/v1/projects/{id}/ground-truth (data team): how often it is mixed in, how many images,
    /// and each person's accuracy on those they labelled.
    func showGroundTruth(_ request: Request, _ context: ProjectContext) throws -> Response {
        try .json(GroundTruthDTO(try store.groundTruthSummary(projectID: context.project.id)))
    }

    /// POST /api/v1/projects/{id}/ground-truth with `{"image_ids": […]}` or `{"share": 0.05}` of the accepted images.
    func markGroundTruth(_ request: Request, _ context: ProjectContext) throws -> Response {
        let body = try request.decodeJSON(GroundTruthBody.self)
        let selection: GroundTruthSelection
        switch (body.imageIds, body.share) {
        case (let ids?, nil): selection = .images(ids)
        case (nil, let share?): selection = .share(share)
        default: throw HTTPError(HTTPStatus.unprocessable, code: "invalid_field", message: "Send either image_ids or share.", field: "image_ids")
        }
        let count = try store.markGroundTruth(projectID: context.project.id, selection, by: context.attribution)
        return try .json(["images": count], status: HTTPStatus.created)
    }

    /// PATCH /api/v1/projects/{id}/ground-truth with `{"every": 20}`: one ground-truth image after about every 20 (0: off).
    func updateGroundTruth(_ request: Request, _ context: ProjectContext) throws -> Response {
        let body = try request.decodeJSON(GroundTruthSettings.self)
        try store.setGroundTruthEvery(projectID: context.project.id, every: body.every, by: context.attribution)
        return try .json(GroundTruthDTO(try store.groundTruthSummary(projectID: context.project.id)))
    }

    /// DELETE /api/v1/projects/{id}/ground-truth/{imageId}: no longer ground truth; its checks go too.
    func unmarkGroundTruth(_ request: Request, _ context: ProjectContext) throws -> Response {
        try store.unmarkGroundTruth(projectID: context.project.id, imageID: try request.intParameter("imageId"), by: context.attribution)
        return .noContent()
    }
}
