// A project's labels over the API: members read them; the data team and admins change them.
import Domain
import Store
import Web

struct LabelController: Sendable {
    let store: any LabelStore

    func addRoutes(to routes: inout RouteTable) {
        routes.add(.GET, "/api/v1/projects/{id}/labels", access: .project(.member(.annotator)), listLabels)
        routes.add(.POST, "/api/v1/projects/{id}/labels", access: .project(.manager), createLabel)
        routes.add(.PUT, "/api/v1/projects/{id}/labels/order", access: .project(.manager), reorderLabels)
        routes.add(.PATCH, "/api/v1/labels/{id}", access: .label(.manager), updateLabel)
        routes.add(.DELETE, "/api/v1/labels/{id}", access: .label(.manager), deleteLabel)
    }

    enum LabelFieldKeys: String, CodingKey { case name, color, hotkey, suggestionThreshold, attributes }

    struct NewLabel: Decodable {
        let name: String
        let color: String?
        let hotkey: String?
        /// What each of its shapes may say besides its place: `[{name, kind, options, min, max, default}]`.
        let attributes: [AttributeSpec]

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: LabelFieldKeys.self)
            name = try container.decode(String.self, forKey: .name)
            color = try container.decodeIfPresent(String.self, forKey: .color)
            hotkey = try container.decodeHotkey()
            attributes = try container.decodeIfPresent([AttributeSpec].self, forKey: .attributes) ?? []
        }
    }

    struct LabelChange: Decodable {
        let name: String?
        let color: String?
        /// Present and null clears the hotkey; absent leaves it.
        let hotkey: String??
        /// The score from which this label's box suggestions count as likely (0–1).
        let suggestionThreshold: Double?
        /// Replaces the label's attributes; values that no longer fit are dropped from its shapes.
        let attributes: [AttributeSpec]?

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: LabelFieldKeys.self)
            name = try container.decodeIfPresent(String.self, forKey: .name)
            color = try container.decodeIfPresent(String.self, forKey: .color)
            hotkey = container.contains(.hotkey) ? .some(try container.decodeHotkey()) : nil
            suggestionThreshold = try container.decodeIfPresent(Double.self, forKey: .suggestionThreshold)
            attributes = try container.decodeIfPresent([AttributeSpec].self, forKey: .attributes)
        }
    }

    struct LabelOrder: Decodable {
        let labelIds: [Int64]
    }

    func listLabels(_ request: Request, _ context: ProjectContext) throws -> Response {
        return try .json(["labels": try store.labels(projectID: context.project.id).map(LabelDTO.init)])
    }

    func createLabel(_ request: Request, _ context: ProjectContext) throws -> Response {
        let body = try request.decodeJSON(NewLabel.self)
        let color = try body.color ?? LabelPalette.color(at: store.labels(projectID: context.project.id).count)
        let label = try store.createLabel(projectID: context.project.id, name: body.name, color: color, hotkey: body.hotkey,
                                             attributes: body.attributes, by: context.attribution)
        return try .json(LabelDTO(label), status: HTTPStatus.created)
    }

    func updateLabel(_ request: Request, _ context: LabelContext) throws -> Response {
        let body = try request.decodeJSON(LabelChange.self)
        let label = try store.updateLabel(id: try request.intParameter("id"), name: body.name, color: body.color,
                                             hotkey: body.hotkey, suggestionThreshold: body.suggestionThreshold,
                                             attributes: body.attributes, by: context.attribution)
        return try .json(LabelDTO(label))
    }

    /// PUT /api/v1/projects/{id}/labels/order with `{"label_ids": [...]}`: every label, in the new order.
    func reorderLabels(_ request: Request, _ context: ProjectContext) throws -> Response {
        let body = try request.decodeJSON(LabelOrder.self)
        let labels = try store.reorderLabels(projectID: context.project.id, labelIDs: body.labelIds, by: context.attribution)
        return try .json(["labels": labels.map(LabelDTO.init)])
    }

    /// DELETE /api/v1/labels/{id}[?reassign_to=otherLabelID]
    func deleteLabel(_ request: Request, _ context: LabelContext) throws -> Response {
        try store.deleteLabel(id: try request.intParameter("id"), reassignTo: try request.queryInteger("reassign_to", in: 1...Int64.max),
                                 by: context.attribution)
        return .noContent()
    }
}

extension KeyedDecodingContainer where Key == LabelController.LabelFieldKeys {
    /// A hotkey as the digit's text ("1") or as a number (1); the store checks its range.
    func decodeHotkey() throws -> String? {
        if let number = try? decodeIfPresent(Int.self, forKey: .hotkey) { return String(number) }
        return try decodeIfPresent(String.self, forKey: .hotkey)
    }
}
