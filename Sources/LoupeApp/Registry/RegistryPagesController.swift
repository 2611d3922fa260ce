// The registry's pages for the data team and admins: the model list, a model's versions side by
// side, and a version with its lineage, history and the stage, alias and request forms.
import Domain
import Foundation
import Store
import Web

struct RegistryPagesController: Sendable {
    let store: any RegistryStore
    let artifacts: ArtifactReader
    let registration: ModelRegistration
    let predictor: ModelPredictor
    /// The model page's Serving section and its forms.
    let serving: any ServingStore
    let supervisor: RolloutSupervisor

    func addRoutes(to routes: inout RouteTable) {
        routes.add(.GET, "/admin/models", access: .role(.data), options: .page, showModelsPage)
        routes.add(.POST, "/admin/models/upload", access: .role(.data), options: [.page, .multipartForm], registerModelVersionFromPage)
        routes.add(.GET, "/admin/models/{id}", access: .role(.data), options: .page, showModelPage)
        routes.add(.GET, "/admin/models/versions/{id}", access: .role(.data), options: .page, showModelVersionPage)
        routes.add(.POST, "/admin/models/versions/{id}/stage", access: .role(.admin), options: .page, transitionVersionFromPage)
        routes.add(.POST, "/admin/models/versions/{id}/alias", access: .role(.admin), options: .page, setAliasFromPage)
        routes.add(.POST, "/admin/models/versions/{id}/try", access: .role(.data), options: [.page, .multipartForm], tryVersionFromPage)
        routes.add(.POST, "/admin/models/versions/{id}/requests", access: .role(.data), options: .page, requestTransitionFromPage)
        routes.add(.POST, "/admin/models/requests/{id}", access: .role(.admin), options: .page, decideRequestFromPage)
        addServingRoutes(to: &routes)
    }

    /// GET /admin/models
    func showModelsPage(_ request: Request, _ context: UserContext) throws -> Response {
        try renderModelsPage(context.principal)
    }

    func renderModelsPage(_ principal: Principal, error: HTTPError? = nil) throws -> Response {
        let served = try serving.servedRequests(since: Date().addingTimeInterval(-86_400))
        let rows = try store.modelSummaries().map { summary -> HTML in
            """
            <tr>
              <td><a href="/admin/models/\(summary.model.id)">\(summary.model.name)</a></td>
              <td>\(versionList(summary.productionVersions))</td>
              <td>\(versionList(summary.stagingVersions))</td>
              <td>\(summary.latestVersion.map { "v\($0)" } ?? "—") <span class="muted">of \(summary.versionCount)</span></td>
              <td>\(served[summary.model.id] ?? 0)</td>
              <td>\(PageLayout.time(summary.model.updatedAt))</td>
            </tr>

            """
        }
        let table: HTML = rows.isEmpty
            ? "<p class=\"muted\">No models yet. A training job registers its model here when it succeeds.</p>"
            : """
            <table>
              <thead><tr><th>Model</th><th>Production</th><th>Staging</th><th>Latest</th><th>Served (24 h)</th><th>Updated</th></tr></thead>
              <tbody>\(rows)</tbody>
            </table>
            """
        let extensions = ModelRegistration.modelFileFrameworks.keys.sorted().map { ".\($0)" }
        return PageLayout.render(title: "Models", status: error?.status ?? 200, body: """
            \(PageLayout.errorBox(error))
            \(try pendingRequestsSection(principal))
            \(table)
            \(if: principal.has(.admin), "<p><a href=\"/admin/webhooks\">Webhooks</a>: where Loupe posts registry, rollout and drift events.</p>")
            <h2>Register a model from outside</h2>
            <p class="muted">Upload a model file (\(extensions.joined(separator: " ")), up to \(ModelRegistration.maxModelBytes >> 20) MiB),
              or leave the file out and give where the model lives. Each registration is the model's next version, in stage None.</p>
            <form method="post" action="/admin/models/upload" enctype="multipart/form-data" class="stacked">
              \(PageLayout.csrfField(principal))
              <label>Model name <input name="name" required maxlength="100"></label>
              <label>Framework <input name="framework" maxlength="50" placeholder="from the file's extension"></label>
              <label>Model type <input name="model_type" maxlength="50" placeholder="e.g. image-classifier, detector"></label>
              <label>Source (hub name, URL or API endpoint; recorded, never called) <input name="source_reference" maxlength="500"></label>
              <label>Description <input name="description" maxlength="1000"></label>
              <label>File <input type="file" name="file" accept="\(extensions.joined(separator: ","))"></label>
              <button>Register</button>
            </form>
            """)
    }

    /// GET /admin/models/{id}: versions with their metrics side by side, aliases and their history.
    func showModelPage(_ request: Request, _ context: UserContext) throws -> Response {
        guard let model = try store.registeredModel(id: try request.intParameter("id")) else {
            throw HTTPError.notFound("No such model.")
        }
        return try renderModelPage(context.principal, model, metric: request.query["metric"], notice: request.query["done"].map { "Done: \($0)." })
    }

    /// The chart shows `metric` when the versions have it, else validation accuracy when they do.
    func renderModelPage(_ principal: Principal, _ model: RegisteredModel, metric: String? = nil, notice: String? = nil,
                         error: HTTPError? = nil, draft: FormFields? = nil) throws -> Response {
        let versions = try store.modelVersions(modelID: model.id)
        let metrics = versions.map { metricValues($0.metrics) }
        let names = MetricDisplay.ordered(Set(metrics.flatMap(\.keys)))
        let header = names.map { name -> HTML in "<th>\(MetricDisplay.name(name))</th>" }
        let chosen = metric.flatMap { names.contains($0) ? $0 : nil }
            ?? (names.contains("validation_accuracy") ? "validation_accuracy" : names.first)
        let chart = chosen.map { metric in
            metricChart(metric, points: zip(versions, metrics).compactMap { version, values in values[metric].map { (version.version, $0) } })
        } ?? .empty
        let options = names.map { name -> HTML in
            "<option value=\"\(name)\"\(name == chosen ? " selected" : "")>\(MetricDisplay.name(name))</option>"
        }
        let picker: HTML = names.isEmpty ? .empty : """
            <form method="get" class="inline"><label>Chart <select name="metric">\(options)</select></label>
            <button>Show</button></form>
            """
        let rows = zip(versions, metrics).map { version, values -> HTML in
            let cells = names.map { name -> HTML in "<td>\(values[name].map { MetricDisplay.value(name, $0) } ?? "—")</td>" }
            return """
                <tr><td><a href="/admin/models/versions/\(version.id)">v\(version.version)</a></td>
                <td>\(version.stage.rawValue)</td><td>\(version.source)</td>\(cells)
                <td>\(PageLayout.time(version.createdAt))</td></tr>

                """
        }
        let aliases = try store.aliases(modelID: model.id).sorted { $0.key < $1.key }
        let aliasList: HTML = aliases.isEmpty
            ? "<p class=\"muted\">No aliases. Set one on a version's page.</p>"
            : "<ul>\(aliases.map { alias -> HTML in "<li><code>\(alias.key)</code> → v\(alias.value)</li>" })</ul>"
        let aliasHistory = try store.aliasHistory(modelID: model.id).reversed().map { change -> HTML in
            let target = change.version.map { "→ v\($0)" } ?? "deleted"
            let was = change.previousVersion.map { " (was v\($0))" } ?? ""
            let why = change.reason.isEmpty ? "" : " — \(change.reason)"
            return "<li>\(PageLayout.time(change.at)) · \(change.username): <code>\(change.alias)</code> \(target)\(was)\(why)</li>"
        }
        return PageLayout.render(title: "Model \(model.name)", status: error?.status ?? 200, scripts: ["/js/model-serving.js"], body: """
            \(PageLayout.errorBox(error))
            \(PageLayout.noticeBox(notice))
            <p><a href="/admin/models">All models</a></p>
            <p class="muted">\(model.description)</p>
            <p>Tags: \(tagList(try store.modelTags(modelID: model.id)))</p>
            <h2>Versions</h2>
            \(picker)
            \(chart)
            <div class="table-scroll">
            <table class="versions">
              <thead><tr><th>Version</th><th>Stage</th><th>Source</th>\(header)<th>Registered</th></tr></thead>
              <tbody>\(rows)</tbody>
            </table>
            </div>
            <h2>Aliases</h2>
            \(aliasList)
            \(aliasHistory.isEmpty ? .empty : "<h3>Alias history</h3><ul>\(aliasHistory)</ul>")
            \(try servingPanel(principal, model: model, versions: versions, draft: draft).html)
            """)
    }

    /// GET /admin/models/versions/{id}
    func showModelVersionPage(_ request: Request, _ context: UserContext) throws -> Response {
        try renderModelVersionPage(context.principal, versionID: try request.intParameter("id"),
                                   notice: request.query["done"].map { "Saved: \($0)." })
    }

    func renderModelVersionPage(_ principal: Principal, versionID: Int64, error: HTTPError? = nil, draft: FormFields? = nil,
                                notice: String? = nil, tried: (prediction: PredictionDTO, image: [UInt8])? = nil) throws -> Response {
        guard let version = try store.modelVersion(id: versionID) else { throw HTTPError.notFound("No such model version.") }
        let history = try store.stageHistory(versionID: version.id).reversed().map { move -> HTML in
            """
            <tr><td>\(PageLayout.time(move.at))</td><td>\(move.from.rawValue) → \(move.to.rawValue)</td>
            <td>\(move.username)</td><td>\(move.reason)</td>
            <td>\(move.archivedVersions.isEmpty ? "" : "archived " + move.archivedVersions.map { "v\($0)" }.joined(separator: ", "))</td>
            <td>\(move.requestId.map { "request #\($0)" } ?? "")</td></tr>

            """
        }
        let aliases = try store.aliases(modelID: version.modelId).filter { $0.value == version.version }.keys.sorted()
        let aliasNote: HTML = aliases.isEmpty ? .empty : " · aliases \(aliases.map { alias -> HTML in "<code>\(alias)</code>" }.joined(separator: ", "))"
        let values = metricValues(version.metrics)
        let metrics = MetricDisplay.ordered(values.keys).map { name -> HTML in
            "<tr><td>\(MetricDisplay.name(name))</td><td>\(MetricDisplay.value(name, values[name]!))</td></tr>"
        }
        let evidence: HTML = version.validationWarning.map { warning -> HTML in "<p class=\"warning\" role=\"note\">\(warning)</p>" } ?? .empty
        let lineage: [HTML] = [
            version.projectId.map { "project <a href=\"/project.html?id=\($0)\">#\($0)</a>" },
            version.jobId.map { "training job <a href=\"/job.html?id=\($0)\">#\($0)</a>" },
            version.snapshotId.map { "snapshot #\($0)" },
        ].compactMap { $0 }
        let artifact: HTML = version.artifactPath == nil ? "none (an external reference)" : """
            <a href="/api/v1/models/versions/\(version.id)/artifact">download</a> · \(version.artifactSize ?? 0) bytes · \
            sha256 <code>\(version.artifactSHA256 ?? "")</code>
            """
        let source = version.sourceReference.isEmpty ? version.source : "\(version.source): \(version.sourceReference)"
        let title = "\(version.modelName) v\(version.version)"
        return PageLayout.render(title: title, status: error?.status ?? 200, body: """
            \(PageLayout.noticeBox(notice))\(PageLayout.errorBox(error))
            <p><a href="/admin/models/\(version.modelId)">All versions of \(version.modelName)</a></p>
            <table>
              <tr><th>Stage</th><td><strong>\(version.stage.rawValue)</strong>\(aliasNote)</td></tr>
              <tr><th>Source</th><td>\(source) · \(version.modelType) · \(version.framework)</td></tr>
              <tr><th>Artifact</th><td>\(artifact)</td></tr>
              <tr><th>Lineage</th><td>\(lineage.isEmpty ? "—" : lineage.joined(separator: " · "))</td></tr>
              <tr><th>Registered</th><td>\(PageLayout.time(version.createdAt))\(version.creatorName.map { " by \($0)" } ?? "")</td></tr>
              <tr><th>Tags</th><td>\(tagList(try store.versionTags(versionID: version.id)))</td></tr>
              <tr><th>Description</th><td>\(version.description)</td></tr>
            </table>
            \(metrics.isEmpty ? .empty : "<h2>Metrics</h2>\(evidence)<table>\(metrics)</table>")
            \(tryForm(principal, version: version, tried: tried))
            \(stageForms(principal, version: version, draft: draft, evidence: evidence))
            \(requestList(principal, try store.transitionRequests(versionID: version.id)))
            <h2>History</h2>
            \(history.isEmpty ? "<p class=\"muted\">Never moved: registered in stage None.</p>" : """
                <table><thead><tr><th>When</th><th>Move</th><th>Who</th><th>Reason</th><th></th><th></th></tr></thead>
                <tbody>\(history)</tbody></table>
                """)
            """)
    }
}
