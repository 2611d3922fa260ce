// Snapshots over the API: the data team freezes a project's accepted labels under a name.
import Domain
import Store
import Web

extension AppContext {
    struct NewSnapshot: Decodable {
        let name: String
    }

    /// POST /api/v1/projects/{id}/snapshots with `{"name": "…"}`
    func createSnapshot(_ request: Request, _ context: ProjectContext) throws -> Response {
        let body = try request.decodeJSON(NewSnapshot.self)
        let snapshot = try database.createSnapshot(projectID: context.project.id, name: body.name, by: context.attribution)
        return try .json(SnapshotDTO(snapshot), status: HTTPStatus.created)
    }

    func listSnapshots(_ request: Request, _ context: ProjectContext) throws -> Response {
        return try .json(["snapshots": try database.snapshots(projectID: context.project.id).map(SnapshotDTO.init)])
    }
}
