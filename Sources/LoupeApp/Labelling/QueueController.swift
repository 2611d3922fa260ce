// The labelling queue over the API: the next image to label (held for the caller), hold renewal
// while the editor is open, the model's suggestion for an image, and the project's queue settings.
import Domain
import Foundation
import Store
import Web

struct QueueController: Sendable {
    let store: any LabellingQueueStore

    func addRoutes(to routes: inout RouteTable) {
        routes.add(.GET, "/api/v1/projects/{id}/next", access: .project(.member(.annotator)), nextImage)
        routes.add(.GET, "/api/v1/projects/{id}/queue", access: .project(.member(.annotator)), showQueue)
        routes.add(.PUT, "/api/v1/projects/{id}/queue", access: .project(.manager), updateQueue)
        routes.add(.GET, "/api/v1/projects/{id}/queue/images", access: .project(.member(.annotator)), listQueuedImages)
        routes.add(.POST, "/api/v1/images/{id}/hold", access: .image(.member(.annotator)), holdImage)
        routes.add(.GET, "/api/v1/images/{id}/suggestion", access: .image(.member(.annotator)), showSuggestion)
    }

    /// How long /next keeps an image for one annotator without a renewal.
    static let holdSeconds: TimeInterval = 120

    struct SuggestionDTO: Encodable {
        let label: String
        let labelId: Int64?
        let confidence: Double
        let modelVersionId: Int64?
        let rank: Int
    }

    struct QueueDTO: Encodable {
        let strategy: String
        let diversity: Bool
        let modelVersionId: Int64?
        let scored: Int
        let scoredWith: Int64?
        let scoredStrategy: String?
        let scoredAt: Date?
        let histogram: [Int]
        let minScore: Double?
        let maxScore: Double?
    }

    struct QueueSettingsBody: Decodable {
        let strategy: String?
        let diversity: Bool?
        let modelVersionId: Int64?
    }

    /// GET /api/v1/projects/{id}/next[?skip=ID]: `{"image": …}` (held for the caller) or `{"image": null}`
    /// when all are done (with how many wait in other people's batches). `skip` passes over the image the caller is leaving unfinished.
    func nextImage(_ request: Request, _ context: ProjectContext) throws -> Response {
        let image = try store.takeNextImage(projectID: context.project.id, userID: context.principal.user.id, holdSeconds: Self.holdSeconds,
                                               skipping: try request.queryInteger("skip", in: 1...Int64.max))
        struct Answer: Encodable {
            let image: ImageDTO?
            let holdSeconds: Int
            /// With an empty queue: images still open in other people's batches.
            let reservedForOthers: Int?
            enum CodingKeys: String, CodingKey { case image, holdSeconds, reservedForOthers }
            func encode(to encoder: Encoder) throws {  // `"image": null` when the queue is empty, not a missing key
                var c = encoder.container(keyedBy: CodingKeys.self)
                if let image { try c.encode(image, forKey: .image) } else { try c.encodeNil(forKey: .image) }
                try c.encode(holdSeconds, forKey: .holdSeconds)
                try c.encodeIfPresent(reservedForOthers, forKey: .reservedForOthers)
            }
        }
        let userID = context.principal.user.id
        let dto = try image.map { ImageDTO($0, seenIn: try store.workCopy(imageID: $0.id, userID: userID)) }
        let reserved = image == nil ? try store.imagesReservedForOthers(projectID: context.project.id, userID: userID) : nil
        return try .json(Answer(image: dto, holdSeconds: Int(Self.holdSeconds), reservedForOthers: reserved))
    }

    /// POST /api/v1/images/{id}/hold: renews the caller's hold; 409 when someone else holds the image.
    func holdImage(_ request: Request, _ context: ImageContext) throws -> Response {
        switch try store.renewHold(imageID: context.image.id, userID: context.principal.user.id, holdSeconds: Self.holdSeconds) {
        case .held:
            return try .json(["hold_seconds": Int(Self.holdSeconds)])
        case .heldBy(let username, let until):
            let minutes = max(1, Int((until.timeIntervalSinceNow / 60).rounded(.up)))
            throw HTTPError(HTTPStatus.conflict, code: "held",
                            message: "\(username) is labelling this image right now (their hold ends within \(minutes) min unless they keep working).")
        }
    }

    /// GET /api/v1/images/{id}/suggestion: the latest scoring's guess, or `{"suggestion": null}`.
    func showSuggestion(_ request: Request, _ context: ImageContext) throws -> Response {
        let apart = try store.workCopy(seenBy: context) != nil  // their work must be their own
        let suggestion = try (apart ? nil : store.suggestion(imageID: context.image.id)).map {
            SuggestionDTO(label: $0.label, labelId: $0.labelID, confidence: $0.confidence, modelVersionId: $0.modelVersionID, rank: $0.rank)
        }
        struct Answer: Encodable {
            let suggestion: SuggestionDTO?
            enum CodingKeys: String, CodingKey { case suggestion }
            func encode(to encoder: Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                if let suggestion { try c.encode(suggestion, forKey: .suggestion) } else { try c.encodeNil(forKey: .suggestion) }
            }
        }
        return try .json(Answer(suggestion: suggestion))
    }

    struct RankedImageDTO: Encodable {
        let image: ImageDTO
        let rank: Int
        let score: Double
        let predictedLabel: String
        let confidence: Double
    }

    /// GET /api/v1/projects/{id}/queue/images?offset=&limit=: open images in queue order, with their scores.
    func listQueuedImages(_ request: Request, _ context: ProjectContext) throws -> Response {
        let limit = Int(try request.queryInteger("limit", in: 1...500, default: 50))
        let offset = Int(try request.queryInteger("offset", in: 0...Int64(Int32.max), default: 0))
        let ranked = try store.rankedImages(projectID: context.project.id, offset: offset, limit: limit)
        struct Answer: Encodable { let images: [RankedImageDTO]; let nextOffset: Int? }
        return try .json(Answer(
            images: ranked.map { RankedImageDTO(image: ImageDTO($0.image), rank: $0.rank, score: $0.score,
                                                predictedLabel: $0.predictedLabel, confidence: $0.confidence) },
            nextOffset: ranked.count == limit ? offset + limit : nil))
    }

    /// GET /api/v1/projects/{id}/queue: settings and what the last scoring found.
    func showQueue(_ request: Request, _ context: ProjectContext) throws -> Response {
        return try .json(try queueDTO(context.project.id))
    }

    /// PUT /api/v1/projects/{id}/queue with `{"strategy", "diversity", "model_version_id"}` (data team).
    func updateQueue(_ request: Request, _ context: ProjectContext) throws -> Response {
        let body = try request.decodeJSON(QueueSettingsBody.self)
        var settings = try store.activeLearningSettings(projectID: context.project.id)
        if let raw = body.strategy {
            guard let strategy = AcquisitionStrategy(rawValue: raw) else {
                throw HTTPError(HTTPStatus.unprocessable, code: "invalid_field",
                                message: "strategy is one of \(AcquisitionStrategy.allCases.map(\.rawValue).joined(separator: ", ")).", field: "strategy")
            }
            settings.strategy = strategy
        }
        if let diversity = body.diversity { settings.diversity = diversity }
        if body.modelVersionId != nil || request.bodyHasNull("model_version_id") { settings.modelVersionID = body.modelVersionId }
        try store.updateActiveLearningSettings(projectID: context.project.id, settings, by: context.attribution)
        return try .json(try queueDTO(context.project.id))
    }

    private func queueDTO(_ projectID: Int64) throws -> QueueDTO {
        let settings = try store.activeLearningSettings(projectID: projectID)
        let summary = try store.queueSummary(projectID: projectID)
        return QueueDTO(strategy: settings.strategy.rawValue, diversity: settings.diversity, modelVersionId: settings.modelVersionID,
                        scored: summary.scored, scoredWith: summary.modelVersionID, scoredStrategy: summary.strategy,
                        scoredAt: summary.scoredAt, histogram: summary.histogram, minScore: summary.minScore, maxScore: summary.maxScore)
    }
}

extension Request {
    /// Whether the JSON body sets `key` to null explicitly (to clear a setting, as opposed to leaving it out).
    func bodyHasNull(_ key: String) -> Bool {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else { return false }
        return object[key] is NSNull
    }
}
