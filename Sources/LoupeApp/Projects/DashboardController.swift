// GET /api/v1/projects/{id}/dashboard: where a project stands — images by status, shapes per label,
// work per annotator per day, review acceptance, inter-annotator agreement with its formulas, and batch progress.
import Domain
import Foundation
import Store
import Web

struct DashboardController: Sendable {
    let store: any DashboardStore

    func addRoutes(to routes: inout RouteTable) {
        routes.add(.GET, "/api/v1/projects/{id}/dashboard", access: .project(.member(.annotator)), showDashboard)
    }

    struct DashboardDTO: Encodable {
        struct LabelRow: Encodable { let name: String; let boxes: Int; let polygons: Int; let tags: Int }
        struct WorkRow: Encodable { let username: String; let day: String; let images: Int; let saves: Int }
        struct Review: Encodable { let accepted: Int; let rejected: Int; let acceptanceRate: Double? }
        struct AgreementDTO: Encodable {
            let images: Int
            let boxF1: Double?
            let tagKappa: Double?
            let kappaMethod: String?
            let formulas: [String: String]
        }

        struct SuggestionRow: Encodable {
            let modelVersionId: Int64
            let model: String
            let version: Int
            let acceptedUnchanged: Int
            let acceptedEdited: Int
            let rejected: Int
            let open: Int
            let drawnByHand: Int
        }

        let statusCounts: [String: Int]
        let labels: [LabelRow]
        let dailyWork: [WorkRow]
        let review: Review
        let agreement: AgreementDTO
        /// What each detector version saves annotators ("what the model saves").
        let suggestions: [SuggestionRow]
        let batches: [BatchDTO]
    }

    static let agreementFormulas = [
        "box_f1": "Two people's boxes of the same label match when IoU = area(A∩B) / area(A∪B) ≥ 0.5, paired greedily by highest IoU, each box once; F1 = 2·matches / (boxes by A + boxes by B). Per image the mean over pairs of people, then the mean over images.",
        "cohen": "Cohen's κ = (pₒ − pₑ) / (1 − pₑ): pₒ is the share of images whose tags the two people agree on, pₑ = Σₖ p_A(k)·p_B(k) the agreement expected by chance from each person's tag frequencies.",
        "fleiss": "Fleiss' κ = (P̄ − P̄ₑ) / (1 − P̄ₑ), with n people per image: P_i = (Σ_j n_ij² − n) / (n(n − 1)) for image i, P̄ their mean, p_j the share of all ratings in tag set j, P̄ₑ = Σ_j p_j².",
    ]

    func showDashboard(_ request: Request, _ context: ProjectContext) throws -> Response {
        let counts = try store.imageCounts(projectID: context.project.id)
        let outcomes = try store.reviewOutcomes(projectID: context.project.id)
        let decided = outcomes.accepted + outcomes.rejected
        let agreement = AgreementSummary(try store.multiAnnotatorWork(projectID: context.project.id))
        let today = BatchDTO.today()
        return try .json(DashboardDTO(
            statusCounts: Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) }),
            labels: try store.labelUsage(projectID: context.project.id).map { .init(name: $0.name, boxes: $0.boxes, polygons: $0.polygons, tags: $0.tags) },
            dailyWork: try store.dailyWork(projectID: context.project.id, days: 30).map { .init(username: $0.username, day: $0.day, images: $0.images, saves: $0.saves) },
            review: .init(accepted: outcomes.accepted, rejected: outcomes.rejected,
                          acceptanceRate: decided > 0 ? Double(outcomes.accepted) / Double(decided) : nil),
            agreement: .init(images: agreement.images, boxF1: agreement.boxF1, tagKappa: agreement.tagKappa,
                             kappaMethod: agreement.kappaMethod, formulas: Self.agreementFormulas),
            suggestions: try store.suggestionOutcomes(projectID: context.project.id).map {
                .init(modelVersionId: $0.versionID, model: $0.modelName, version: $0.version, acceptedUnchanged: $0.acceptedUnchanged,
                      acceptedEdited: $0.acceptedEdited, rejected: $0.rejected, open: $0.open, drawnByHand: $0.drawnByHand)
            },
            batches: try store.batches(projectID: context.project.id).map { BatchDTO($0, callerID: context.user.id, today: today) }))
    }
}
