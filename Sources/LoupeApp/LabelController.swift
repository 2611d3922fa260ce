// A project's labels over the API: members read them; the data team and admins change them.
import Domain
import Store
import Web

extension AppContext {
    struct NewLabel: Decodable {
        let name: String
        let color: String?
        let hotkey: String?
    }

    struct LabelChange: Decodable {
        let name: String?
        let color: String?
        /// Present and null clears the hotkey; absent leaves it.
        let hotkey: String??

        enum CodingKeys: String, CodingKey { case name, color, hotkey }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decodeIfPresent(String.self, forKey: .name)
            color = try container.decodeIfPresent(String.self, forKey: .color)
            hotkey = container.contains(.hotkey) ? .some(try container.decodeIfPresent(String.self, forKey: .hotkey)) : nil
        }
    }

    func listLabels(_ request: Request) throws -> Response {
        let project = try visibleProject(request, try require(request))
        return try .json(["labels": try database.labels(projectID: project.id).map(LabelDTO.init)])
    }

    func createLabel(_ request: Request) throws -> Response {
        let principal = try require(request, role: .data)
        let project = try visibleProject(request, principal)
        let body = try request.decodeJSON(NewLabel.self)
        let color = try body.color ?? LabelPalette.color(at: database.labels(projectID: project.id).count)
        let label = try database.createLabel(projectID: project.id, name: body.name, color: color, hotkey: body.hotkey,
                                             by: principal.attribution(request))
        return try .json(LabelDTO(label), status: HTTPStatus.created)
    }

    func updateLabel(_ request: Request) throws -> Response {
        let principal = try require(request, role: .data)
        let body = try request.decodeJSON(LabelChange.self)
        let label = try database.updateLabel(id: try request.intParameter("id"), name: body.name, color: body.color,
                                             hotkey: body.hotkey, by: principal.attribution(request))
        return try .json(LabelDTO(label))
    }

    /// DELETE /api/v1/labels/{id}[?reassign_to=otherLabelID]
    func deleteLabel(_ request: Request) throws -> Response {
        let principal = try require(request, role: .data)
        try database.deleteLabel(id: try request.intParameter("id"), reassignTo: request.query["reassign_to"].flatMap { Int64($0) },
                                 by: principal.attribution(request))
        return .noContent()
    }
}
