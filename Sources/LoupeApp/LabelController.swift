// A project's labels over the API: members read them; the data team and admins change them.
import Domain
import Store
import Web

extension AppContext {
    enum LabelFieldKeys: String, CodingKey { case name, color, hotkey }

    struct NewLabel: Decodable {
        let name: String
        let color: String?
        let hotkey: String?

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: LabelFieldKeys.self)
            name = try container.decode(String.self, forKey: .name)
            color = try container.decodeIfPresent(String.self, forKey: .color)
            hotkey = try container.decodeHotkey()
        }
    }

    struct LabelChange: Decodable {
        let name: String?
        let color: String?
        /// Present and null clears the hotkey; absent leaves it.
        let hotkey: String??

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: LabelFieldKeys.self)
            name = try container.decodeIfPresent(String.self, forKey: .name)
            color = try container.decodeIfPresent(String.self, forKey: .color)
            hotkey = container.contains(.hotkey) ? .some(try container.decodeHotkey()) : nil
        }
    }

    struct LabelOrder: Decodable {
        let labelIds: [Int64]
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

    /// PUT /api/v1/projects/{id}/labels/order with `{"label_ids": [...]}`: every label, in the new order.
    func reorderLabels(_ request: Request) throws -> Response {
        let principal = try require(request, role: .data)
        let project = try visibleProject(request, principal)
        let body = try request.decodeJSON(LabelOrder.self)
        let labels = try database.reorderLabels(projectID: project.id, labelIDs: body.labelIds, by: principal.attribution(request))
        return try .json(["labels": labels.map(LabelDTO.init)])
    }

    /// DELETE /api/v1/labels/{id}[?reassign_to=otherLabelID]
    func deleteLabel(_ request: Request) throws -> Response {
        let principal = try require(request, role: .data)
        try database.deleteLabel(id: try request.intParameter("id"), reassignTo: request.query["reassign_to"].flatMap { Int64($0) },
                                 by: principal.attribution(request))
        return .noContent()
    }
}

extension KeyedDecodingContainer where Key == AppContext.LabelFieldKeys {
    /// A hotkey as the digit's text ("1") or as a number (1); the store checks its range.
    func decodeHotkey() throws -> String? {
        if let number = try? decodeIfPresent(Int.self, forKey: .hotkey) { return String(number) }
        return try decodeIfPresent(String.self, forKey: .hotkey)
    }
}
