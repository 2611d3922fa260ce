// The registry's HTML forms through the router: roles, CSRF, stage moves, the artifact check,
// requests and approvals, aliases, and escaping.
import Domain
import FileStore
import Foundation
import Store
import Testing
import Web
@testable import LoupeApp

@Suite struct RegistryPagesTests {
    let registry: RegistryFixture
    var app: TestApp { registry.app }
    var versionIDs: [Int64] { registry.versionIDs }
    var artifactPath: String { registry.artifactPath }

    init() throws { registry = try RegistryFixture() }

    private func stage(_ index: Int) throws -> String? { try registry.stage(index) }

    @Test func pagesAreForTheDataTeamAndEscapeNames() throws {
        var admin = try app.browser("admin")
        let list = admin.send(.GET, "/admin/models")
        #expect(list.status == 200 && list.text.contains("Birds &lt;script&gt;") && !list.text.contains("Birds <script>"))
        try app.context.database.setVersionTag(versionID: versionIDs[0], key: "note", value: "<b>bold</b>", by: .commandLine)
        let versionPage = admin.send(.GET, "/admin/models/versions/\(versionIDs[0])")
        #expect(versionPage.status == 200 && versionPage.text.contains("<td>Validation accuracy</td><td>91.0 %</td>")
            && versionPage.text.contains("Move to another stage"))
        #expect(versionPage.text.contains("/api/v1/models/versions/\(versionIDs[0])/artifact\">download</a>"))
        #expect(versionPage.text.contains("&lt;b&gt;bold&lt;/b&gt;") && !versionPage.text.contains("<b>bold"))
        let modelPage = admin.send(.GET, "/admin/models/\(registry.modelID)").text
        #expect(modelPage.contains("<th>Validation accuracy</th>") && modelPage.contains("<td>91.0 %</td>")
            && modelPage.contains("<canvas class=\"metric-chart\""))
        #expect(modelPage.contains("<div class=\"table-scroll\">"))
        // The chart (drawn by /js/metric-chart.js, the job pages' chart code) carries each version's value
        #expect(modelPage.contains("data-points=\"[[1,0.91],[2,0.91]]\""))
        #expect(admin.send(.GET, "/admin/models/\(registry.modelID)?metric=%3Cscript%3E").text.contains("aria-label=\"Validation accuracy by version\""))
        var annotator = try app.browser("ann")
        #expect(annotator.send(.GET, "/admin/models").status == 403)
        // The data team sees the request form, not the move form
        var data = try app.browser("dat")
        let dataPage = data.send(.GET, "/admin/models/versions/\(versionIDs[0])").text
        #expect(dataPage.contains("Ask an admin to move it") && !dataPage.contains("Move to another stage"))
    }

    @Test func aVersionValidatedOnAFewSamplesSaysSoWhereItCanBePromoted() throws {
        // Given a version whose validation set held 4 samples, and one with 200
        let database = app.context.database
        let project = try database.createProject(name: "Few", description: "", by: .commandLine)
        let ids = try [4, 200].map { samples in
            let job = try database.enqueueJob(projectID: project.id, spec: .train(TrainingConfig()), by: .commandLine)
            _ = try database.claimNextJob(owner: "t", leaseSeconds: 30)
            return try #require(try database.completeTrainingJob(lease: JobLease(jobID: job.id, owner: "t", attempt: 1), version: TrainedVersion(
                modelName: "Few", artifactPath: registry.artifactPath, artifactSHA256: "x", artifactSize: 1,
                metrics: #"{"validation_accuracy":1,"validation_samples":\#(samples)}"#, parameters: "{}", evaluation: "{}",
                labels: "[]", snapshotId: nil, description: "d"), message: "ok")).id
        }
        // When the admin and the data team open their pages
        var admin = try app.browser("admin")
        var data = try app.browser("dat")
        let adminPage = admin.send(.GET, "/admin/models/versions/\(ids[0])").text
        let dataPage = data.send(.GET, "/admin/models/versions/\(ids[0])").text
        // Then the warning stands by the metrics and by each form that moves it; the well-measured version has none
        let warning = "Measured on only 4 validation samples"
        #expect(adminPage.components(separatedBy: warning).count == 3 && dataPage.components(separatedBy: warning).count == 3)
        #expect(!admin.send(.GET, "/admin/models/versions/\(ids[1])").text.contains("Measured on only"))
        // And the API carries it for the job page
        #expect(try app.send(.GET, "/api/v1/models/versions/\(ids[0])", as: "dat").json["validation_warning"] as? String != nil)
    }

    @Test func adminsMoveStagesWithCSRFAndArchiveExisting() throws {
        var admin = try app.browser("admin")
        let csrf = try admin.csrfToken()
        let path = "/admin/models/versions/\(versionIDs[0])/stage"
        // Without the CSRF token nothing moves
        #expect(admin.send(.POST, path, form: ["stage": "Staging", "reason": "x"]).status == 403)
        #expect(try stage(0) == "None")
        // With it, the move redirects to the version page, which shows the history
        let moved = admin.send(.POST, path, form: ["stage": "Production", "reason": "ship", "archive_existing": "1", "csrf_token": csrf])
        #expect(moved.status == 303 && moved.header("Location")?.hasPrefix("/admin/models/versions/\(versionIDs[0])?done=") == true)
        #expect(try stage(0) == "Production")
        #expect(admin.send(.GET, "/admin/models/versions/\(versionIDs[0])").text.contains("None → Production"))
        // Promoting v2 with archive-existing leaves exactly one Production version
        _ = admin.send(.POST, "/admin/models/versions/\(versionIDs[1])/stage",
                       form: ["stage": "Production", "reason": "better", "archive_existing": "1", "csrf_token": csrf])
        #expect(try [stage(0), stage(1)] == ["Archived", "Production"])
        // A refused move re-renders the form with the rule
        let refused = admin.send(.POST, path, form: ["stage": "Production", "reason": "back", "csrf_token": csrf])
        #expect(refused.status == 422 && refused.text.contains("returns only through Staging"))
        // The data team cannot move stages
        var data = try app.browser("dat")
        #expect(data.send(.POST, path, form: ["stage": "Staging", "reason": "x", "csrf_token": try data.csrfToken()]).status == 403)
    }

    @Test func aTamperedArtifactCannotEnterProduction() throws {
        // Given the artifact file changed on disk after registration
        let url = app.context.files.url(of: artifactPath)
        try Data("tampered".utf8).write(to: url)
        var admin = try app.browser("admin")
        let csrf = try admin.csrfToken()
        // When an admin promotes the version, the page says why it was refused and the stage stays
        let refused = admin.send(.POST, "/admin/models/versions/\(versionIDs[0])/stage",
                                 form: ["stage": "Production", "reason": "ship", "csrf_token": csrf])
        #expect(refused.status == 409 && refused.text.contains("no longer matches its sha256"))
        #expect(try stage(0) == "None")
        // Staging does not need the check
        _ = admin.send(.POST, "/admin/models/versions/\(versionIDs[0])/stage", form: ["stage": "Staging", "reason": "try", "csrf_token": csrf])
        #expect(try stage(0) == "Staging")
    }

    @Test func theDataTeamRequestsAndAnAdminApproves() throws {
        var data = try app.browser("dat")
        let sent = data.send(.POST, "/admin/models/versions/\(versionIDs[0])/requests",
                             form: ["stage": "Staging", "reason": "validation looks good", "csrf_token": try data.csrfToken()])
        #expect(sent.status == 303)
        let request = try #require(try app.context.database.transitionRequests(versionID: versionIDs[0]).first)
        #expect(try stage(0) == "None")
        // The data team cannot approve its own request
        #expect(data.send(.POST, "/admin/models/requests/\(request.id)", form: ["decision": "approve", "csrf_token": try data.csrfToken()]).status == 403)
        var admin = try app.browser("admin")
        let approved = admin.send(.POST, "/admin/models/requests/\(request.id)", form: ["decision": "approve", "csrf_token": try admin.csrfToken()])
        #expect(approved.status == 303)
        #expect(try stage(0) == "Staging")
        let page = admin.send(.GET, "/admin/models/versions/\(versionIDs[0])").text
        #expect(page.contains("request #\(request.id)") && page.contains("approved"))
        // And the audit log has both events
        let actions = try app.context.database.auditLog(limit: 50).map(\.action)
        #expect(actions.contains("model.transition.requested") && actions.contains("model.stage"))
    }

    @Test func aliasesAreSetFromTheVersionPage() throws {
        var admin = try app.browser("admin")
        let csrf = try admin.csrfToken()
        #expect(admin.send(.POST, "/admin/models/versions/\(versionIDs[0])/alias", form: ["alias": "champion", "csrf_token": csrf]).status == 303)
        #expect(admin.send(.POST, "/admin/models/versions/\(versionIDs[1])/alias", form: ["alias": "champion", "csrf_token": csrf]).status == 303)
        let bad = admin.send(.POST, "/admin/models/versions/\(versionIDs[1])/alias", form: ["alias": "no spaces", "csrf_token": csrf])
        #expect(bad.status == 422 && bad.text.contains("letters, digits"))
        let modelID = try app.context.database.modelVersion(id: versionIDs[0])!.modelId
        #expect(try app.context.database.aliases(modelID: modelID) == ["champion": 2])
        #expect(admin.send(.GET, "/admin/models/\(modelID)").text.contains("(was v1)"))
    }
}
