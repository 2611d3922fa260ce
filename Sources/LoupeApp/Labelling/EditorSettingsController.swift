// A person's editor settings for a project over the API: the image adjustments the editor applies
// to every image of it, kept across images and browsers.
import Domain
import Store
import Web

struct EditorSettingsController: Sendable {
    let store: any EditorSettingsStore

    func addRoutes(to routes: inout RouteTable) {
        routes.add(.GET, "/api/v1/projects/{id}/editor-settings", access: .project(.member(.annotator)), showSettings)
        routes.add(.PUT, "/api/v1/projects/{id}/editor-settings", access: .project(.member(.annotator)), saveSettings)
    }

    /// GET: the caller's brightness, contrast, gamma and invert for the project.
    func showSettings(_ request: Request, _ context: ProjectContext) throws -> Response {
        try .json(store.imageAdjustments(userID: context.user.id, projectID: context.project.id))
    }

    /// PUT with the whole set; a value out of range is a 422 naming it.
    func saveSettings(_ request: Request, _ context: ProjectContext) throws -> Response {
        let body = try request.decodeJSON(ImageAdjustments.self)
        return try .json(store.saveImageAdjustments(body, userID: context.user.id, projectID: context.project.id))
    }
}
