// The registry's form posts (their access rule is on the route): each calls one store method and
// answers 303 to the version page, or re-renders it with the message.
import Domain
import Foundation
import Store
import Web

extension RegistryPagesController {
    /// POST /admin/models/versions/{id}/stage (admins)
    func transitionVersionFromPage(_ request: Request, _ context: UserContext) throws -> Response {
        let form = try request.formFields()
        let id = try request.intParameter("id")
        return try PageLayout.handleForm({ try renderModelVersionPage(context.principal, versionID: id, error: $0, draft: form) }) {
            let target = try stage(from: form)
            let version = try store.transitionStage(
                versionID: id, to: target, archiveExisting: form["archive_existing"] == "1", reason: form["reason"] ?? "",
                by: context.attribution, artifact: try artifacts.reading(versionID: id, movingTo: target))
            return .redirect(to: "/admin/models/versions/\(id)?done=\(FormFields.encodeComponent("moved to \(version.stage.rawValue)"))")
        }
    }

    /// POST /admin/models/versions/{id}/alias (admins)
    func setAliasFromPage(_ request: Request, _ context: UserContext) throws -> Response {
        let form = try request.formFields()
        let id = try request.intParameter("id")
        return try PageLayout.handleForm({ try renderModelVersionPage(context.principal, versionID: id, error: $0, draft: form) }) {
            let alias = (form["alias"] ?? "").trimmingCharacters(in: .whitespaces)
            try store.setAlias(alias, versionID: id, by: context.attribution)
            return .redirect(to: "/admin/models/versions/\(id)?done=\(FormFields.encodeComponent("alias \(alias) points here"))")
        }
    }

    /// POST /admin/models/versions/{id}/requests (the data team)
    func requestTransitionFromPage(_ request: Request, _ context: UserContext) throws -> Response {
        let form = try request.formFields()
        let id = try request.intParameter("id")
        return try PageLayout.handleForm({ try renderModelVersionPage(context.principal, versionID: id, error: $0, draft: form) }) {
            let made = try store.requestTransition(versionID: id, to: try stage(from: form), archiveExisting: form["archive_existing"] == "1",
                                                      reason: form["reason"] ?? "", by: context.attribution)
            return .redirect(to: "/admin/models/versions/\(id)?done=\(FormFields.encodeComponent("request #\(made.id) sent to the admins"))")
        }
    }

    /// POST /admin/models/requests/{id} with decision=approve|reject (admins)
    func decideRequestFromPage(_ request: Request, _ context: UserContext) throws -> Response {
        let form = try request.formFields()
        guard let pending = try store.transitionRequest(id: try request.intParameter("id")) else {
            throw HTTPError.notFound("No such request.")
        }
        return try PageLayout.handleForm({ try renderModelVersionPage(context.principal, versionID: pending.versionId, error: $0) }) {
            guard let decision = form["decision"], ["approve", "reject"].contains(decision) else {
                throw HTTPError(HTTPStatus.unprocessable, code: "invalid_field", message: "Approve or reject the request.", field: "decision")
            }
            let approve = decision == "approve"
            let decided = try store.decideTransitionRequest(id: pending.id, approve: approve, comment: form["comment"] ?? "",
                                                               by: context.attribution,
                                                               artifact: try artifacts.reading(deciding: pending.id, approve: approve))
            return .redirect(to: "/admin/models/versions/\(pending.versionId)?done=\(FormFields.encodeComponent("request #\(decided.id) \(decided.state.rawValue)"))")
        }
    }

    /// POST /admin/models/versions/{id}/try (multipart, one image): the page with the predictions.
    func tryVersionFromPage(_ request: Request, _ context: UserContext) throws -> Response {
        let id = try request.intParameter("id")
        return try PageLayout.handleForm({ try renderModelVersionPage(context.principal, versionID: id, error: $0) }) {
            guard let version = try store.modelVersion(id: id) else { throw HTTPError.notFound("No such model version.") }
            var image: [UInt8] = []
            _ = try MultipartForm.read(request, caller: context, startFile: { _ in image = [] }, fileBytes: { bytes in
                guard image.count + bytes.count <= 64 << 20 else {
                    throw HTTPError(HTTPStatus.payloadTooLarge, code: "too_large", message: "Try an image under 64 MiB.", field: "image")
                }
                image += bytes
            })
            guard !image.isEmpty else { throw HTTPError.badRequest("Choose an image to try.", field: "image", code: "empty_file") }
            return try renderModelVersionPage(context.principal, versionID: id, tried: (try predictor.predict(version, image: image), image))
        }
    }

    /// POST /admin/models/upload: the models page's form; 303 to the new version, or the page with the problem.
    func registerModelVersionFromPage(_ request: Request, _ context: UserContext) throws -> Response {
        try PageLayout.handleForm({ try renderModelsPage(context.principal, error: $0) }) {
            let version = try registration.register(request, context)
            return .redirect(to: "/admin/models/versions/\(version.id)?done=\(FormFields.encodeComponent("registered"))")
        }
    }

    private func stage(from form: FormFields) throws -> ModelStage {
        guard let stage = form["stage"].flatMap(ModelStage.init(rawValue:)) else {
            throw HTTPError(HTTPStatus.unprocessable, code: "invalid_field", message: "Choose the stage to move to.", field: "stage")
        }
        return stage
    }
}
