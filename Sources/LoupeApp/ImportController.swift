// COCO import over the API: the file is the request body; nothing is written unless all of it is good.
import Domain
import Store
import Web

extension AppContext {
    /// POST /api/v1/projects/{id}/import/coco with the COCO JSON as the body.
    func importCOCO(_ request: Request) throws -> Response {
        let principal = try require(request, role: .data)
        let project = try visibleProject(request, principal)
        guard !request.body.isEmpty else {
            throw HTTPError.badRequest("The body is empty; send the COCO file as the body.", field: "file", code: "empty_file")
        }
        let document = try COCODocument.parse(request.body)
        let summary = try database.importCOCO(document, projectID: project.id, by: principal.attribution(request))
        return try .json(ImportSummaryDTO(images: summary.images, shapes: summary.shapes, labelsCreated: summary.labelsCreated))
    }
}
