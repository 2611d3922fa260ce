// Snapshots over the API: the data team freezes a project's accepted labels under a name.
import Domain
import Store
import Web

struct SnapshotController: Sendable {
    let store: any DatasetStore

    func addRoutes(to routes: inout RouteTable) {
        routes.add(.GET, "/api/v1/projects/{id}/snapshots", access: .project(.member(.annotator)), listSnapshots)
        routes.add(.POST, "/api/v1/projects/{id}/snapshots", access: .project(.manager), createSnapshot)
    }

    struct NewSnapshot: Decodable {
        let name: String
    }

    /// POST /api/v1/projects/{id}/snapshots with `{"name": "…"}`
    func createSnapshot(_ request: Request, _ context: ProjectContext) throws -> Response {
        let body = try request.decodeJSON(NewSnapshot.self)
        let snapshot = try store.createSnapshot(projectID: context.project.id, name: body.name, by: context.attribution)
        return try .json(SnapshotDTO(snapshot), status: HTTPStatus.created)
    }

    func listSnapshots(_ request: Request, _ context: ProjectContext) throws -> Response {
        return try .json(["snapshots": try store.snapshots(projectID: context.project.id).map(SnapshotDTO.init)])
    }
}
