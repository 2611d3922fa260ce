// Snapshots over the API: the data team freezes a project's accepted labels under a name.
import Domain
import Store
import Web

extension AppContext {
    struct NewSnapshot: Decodable {
        let name: String
    }

    /// POST /api/v1/projects/{id}/snapshots with `{"name": "…"}`
    func createSnapshot(_ request: Request) throws -> Response {
        let principal = try require(request, role: .data)
        let project = try visibleProject(request, principal)
        let body = try request.decodeJSON(NewSnapshot.self)
        let snapshot = try database.createSnapshot(projectID: project.id, name: body.name, by: principal.attribution(request))
        return try .json(SnapshotDTO(snapshot), status: HTTPStatus.created)
    }

    func listSnapshots(_ request: Request) throws -> Response {
        let project = try visibleProject(request, try require(request))
        return try .json(["snapshots": try database.snapshots(projectID: project.id).map(SnapshotDTO.init)])
    }
}
