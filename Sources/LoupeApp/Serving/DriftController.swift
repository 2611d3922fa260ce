// GET /api/v1/models/{id}/drift: each served version's latest drift report (`?refresh=1` compares now).
import Domain
import Foundation
import Store
import Web

struct DriftController: Sendable {
    let store: any ServingStore

    func addRoutes(to routes: inout RouteTable) {
        routes.add(.GET, "/api/v1/models/{id}/drift", access: .role(.data), showDrift)
    }

    func showDrift(_ request: Request, _ context: UserContext) throws -> Response {
        guard let model = try store.registeredModel(id: try request.intParameter("id")) else { throw HTTPError.notFound("No such model.") }
        if try request.queryFlag("refresh") { DriftMonitor(store: store).check(now: Date(), force: true) }
        let records = try store.latestDriftReports(modelID: model.id)
        return try .json(["versions": records.map(DriftDTO.init)])
    }
}

struct DriftDTO: Encodable {
    let version: Int
    let computedAt: Date
    let verdict: String
    let maxPsi: Double?
    let features: [DriftReport.Feature]
    let labelPsi: Double?
    let embeddingMmd2: Double?
    let embeddingPValue: Double?
    let servedObservations: Int
    let referenceObservations: Int

    init(_ r: DriftRecord) {
        (version, computedAt, verdict, maxPsi) = (r.version, r.computedAt, r.report.verdict.rawValue, r.report.maxPSI)
        (features, labelPsi, embeddingMmd2, embeddingPValue) = (r.report.features, r.report.labelPSI, r.report.embeddingMMD2, r.report.embeddingPValue)
        (servedObservations, referenceObservations) = (r.report.servedObservations, r.report.referenceObservations)
    }
}
