// Every route the router serves, against every kind of caller: the access matrix, taken from the
// router itself so that a new route without a rule here fails the test.
import Auth
import Domain
import FileStore
import Foundation
import Store
import Testing
import Web
@testable import LoupeApp

/// Who may call a route. `project…` rules concern project P, which the annotator and reviewer belong
/// to, the data team and admins see by role, and the outsider (an annotator of project Q) cannot see.
enum AccessRule: Sendable {
    case anyone, signedIn, projectViewer, projectReviewer, projectData, data, admin
    /// Signed in, and acting on their own account (admins on anyone's).
    case ownAccount

    func allows(_ caller: Caller) -> Bool {
        switch self {
        case .anyone: return true
        case .signedIn: return caller != .anonymous
        case .projectViewer: return [.annotator, .reviewer, .data, .admin].contains(caller)
        case .projectReviewer: return [.reviewer, .data, .admin].contains(caller)
        case .projectData, .data: return [.data, .admin].contains(caller)
        case .admin: return caller == .admin
        case .ownAccount: return [.annotator, .admin].contains(caller)  // the account in the path is the annotator's
        }
    }
}

enum Caller: String, CaseIterable, Sendable {
    case anonymous, annotator, reviewer, data, admin, outsider
}

/// The rule for each route, by "METHOD pattern". A route missing here fails `everyRouteHasARule`.
let accessRules: [String: AccessRule] = {
    let mlflow = "/api/2.0/mlflow"
    var rules: [String: AccessRule] = [
        "GET /api/v1/health": .anyone, "GET /api/v1/openapi.json": .anyone, "GET /api/docs": .anyone, "GET /metrics": .anyone, "GET /auth/csrf": .anyone, "POST /auth/login": .anyone,
        "POST /auth/logout": .signedIn, "GET /api/v1/me": .signedIn,
        "GET /api/v1/tokens": .signedIn, "POST /api/v1/tokens": .signedIn, "DELETE /api/v1/tokens/{id}": .signedIn,
        "PUT /api/v1/users/{id}/password": .ownAccount,
        "GET /auth/account": .signedIn, "POST /auth/account/tokens": .signedIn,
        "POST /auth/account/tokens/{id}/revoke": .signedIn, "POST /auth/account/password": .signedIn,
        "GET /api/v1/projects": .signedIn, "POST /api/v1/projects": .data,
        "GET /api/v1/projects/{id}": .projectViewer, "PATCH /api/v1/projects/{id}": .projectData,
        "GET /api/v1/projects/{id}/members": .projectViewer, "POST /api/v1/projects/{id}/members": .projectData,
        "DELETE /api/v1/projects/{id}/members/{userId}": .projectData,
        "POST /api/v1/projects/{id}/images": .projectData, "GET /api/v1/projects/{id}/images": .projectViewer,
        "GET /api/v1/images/{id}": .projectViewer, "GET /api/v1/images/{id}/neighbors": .projectViewer,
        "GET /api/v1/images/{id}/thumbnail": .projectViewer, "GET /api/v1/images/{id}/display": .projectViewer,
        "GET /api/v1/images/{id}/file": .projectViewer, "GET /api/v1/images/{id}/tiles/{level}/{x}/{y}": .projectViewer,
        "GET /api/v1/projects/{id}/labels": .projectViewer, "POST /api/v1/projects/{id}/labels": .projectData,
        "PUT /api/v1/projects/{id}/labels/order": .projectData,
        "PATCH /api/v1/labels/{id}": .projectData, "DELETE /api/v1/labels/{id}": .projectData,
        "GET /api/v1/images/{id}/annotations": .projectViewer, "PUT /api/v1/images/{id}/annotations": .projectViewer,
        "GET /api/v1/images/{id}/box-suggestions": .projectViewer,
        "POST /api/v1/images/{id}/propagate": .projectViewer, "POST /api/v1/images/{id}/smart-polygon": .projectViewer,
        "GET /api/v1/projects/{id}/editor-settings": .projectViewer, "PUT /api/v1/projects/{id}/editor-settings": .projectViewer,
        "POST /api/v1/images/{id}/submit": .projectViewer, "POST /api/v1/images/{id}/review": .projectReviewer,
        "GET /api/v1/images/{id}/reviews": .projectViewer,
        "GET /api/v1/projects/{id}/snapshots": .projectViewer, "POST /api/v1/projects/{id}/snapshots": .projectData,
        "GET /api/v1/projects/{id}/dashboard": .projectViewer,
        "GET /api/v1/projects/{id}/next": .projectViewer, "GET /api/v1/projects/{id}/queue": .projectViewer,
        "PUT /api/v1/projects/{id}/queue": .projectData, "GET /api/v1/projects/{id}/queue/images": .projectViewer,
        "POST /api/v1/images/{id}/hold": .projectViewer, "GET /api/v1/images/{id}/suggestion": .projectViewer,
        "GET /api/v1/projects/{id}/jobs": .projectViewer, "POST /api/v1/projects/{id}/jobs": .projectData,
        "GET /api/v1/jobs/{id}": .projectViewer, "POST /api/v1/jobs/{id}/cancel": .projectData,
        "GET /api/v1/jobs/{id}/stream": .projectViewer,
        "GET /api/v1/models": .data, "GET /api/v1/models/{id}": .data,
        "PUT /api/v1/models/{id}/aliases/{alias}": .admin, "DELETE /api/v1/models/{id}/aliases/{alias}": .admin,
        "POST /api/v1/models/versions": .data, "GET /api/v1/models/versions/{id}": .projectViewer,
        "GET /api/v1/models/versions/{id}/history": .data, "GET /api/v1/models/versions/{id}/artifact": .data,
        "POST /api/v1/models/versions/{id}/stage": .admin, "POST /api/v1/models/versions/{id}/requests": .data,
        "POST /api/v1/models/requests/{id}": .admin, "POST /api/v1/models/versions/{id}/predict": .projectViewer,
        "GET /api/v1/projects/{id}/export/coco": .projectViewer, "GET /api/v1/projects/{id}/export/coco-results": .projectViewer,
        "GET /api/v1/projects/{id}/export/yolo": .projectViewer, "GET /api/v1/projects/{id}/export/voc": .projectViewer,
        "GET /api/v1/projects/{id}/export/cvat": .projectViewer, "GET /api/v1/projects/{id}/export/label-studio": .projectViewer,
        "POST /api/v1/projects/{id}/import/coco": .projectData, "POST /api/v1/projects/{id}/import/yolo": .projectData,
        "POST /api/v1/projects/{id}/import/voc": .projectData, "POST /api/v1/projects/{id}/import/cvat": .projectData,
        "POST /api/v1/projects/{id}/import/label-studio": .projectData, "POST /api/v1/projects/{id}/import/via": .projectData,
        "GET /api/v1/users": .admin, "POST /api/v1/users": .admin, "GET /api/v1/users/{id}": .admin,
        "PATCH /api/v1/users/{id}": .admin, "GET /api/v1/audit": .admin,
        "GET /admin/users": .admin, "POST /admin/users": .admin, "POST /admin/users/{id}": .admin, "GET /admin/audit": .admin,
        "GET /admin/models": .data, "POST /admin/models/upload": .data, "GET /admin/models/{id}": .data,
        "GET /admin/models/versions/{id}": .data, "POST /admin/models/versions/{id}/stage": .admin,
        "POST /admin/models/versions/{id}/alias": .admin, "POST /admin/models/versions/{id}/try": .data,
        "POST /admin/models/versions/{id}/requests": .data, "POST /admin/models/requests/{id}": .admin,
        "POST /api/v1/serve/{model}/predict": .data,
        "POST /api/v1/projects/{id}/batch-predictions": .projectData, "GET /api/v1/jobs/{id}/results/{format}": .projectViewer,
        "GET /api/v1/models/{id}/deployment": .data, "PUT /api/v1/models/{id}/deployment": .admin,
        "GET /api/v1/models/{id}/usage": .data, "GET /api/v1/models/{id}/drift": .data, "GET /api/v1/models/{id}/rollouts": .data,
        "POST /api/v1/models/{id}/rollouts": .data, "GET /api/v1/rollouts/{id}": .data,
        "GET /api/v1/projects/{id}/batches": .projectViewer, "POST /api/v1/projects/{id}/batches": .projectData,
        "PATCH /api/v1/projects/{id}/batches/{batchId}": .projectData, "DELETE /api/v1/projects/{id}/batches/{batchId}": .projectData,
        "GET /api/v1/images/{id}/comments": .projectViewer, "POST /api/v1/images/{id}/comments": .projectViewer,
        "POST /api/v1/images/{id}/comments/read": .projectViewer,
        "GET /api/v1/notifications": .signedIn, "POST /api/v1/notifications/read": .signedIn,
        "GET /api/v1/projects/{id}/overlap": .projectReviewer, "POST /api/v1/projects/{id}/overlap": .projectData,
        "GET /api/v1/images/{id}/consensus": .projectReviewer, "POST /api/v1/images/{id}/consensus": .projectReviewer,
        "GET /api/v1/projects/{id}/ground-truth": .projectData, "POST /api/v1/projects/{id}/ground-truth": .projectData,
        "PATCH /api/v1/projects/{id}/ground-truth": .projectData, "DELETE /api/v1/projects/{id}/ground-truth/{imageId}": .projectData,
    ]
    for route in ["GET /api/v1/webhooks", "POST /api/v1/webhooks", "DELETE /api/v1/webhooks/{id}", "GET /api/v1/webhooks/{id}/deliveries",
                  "POST /api/v1/webhooks/{id}/ping"] {
        rules[route] = .admin
    }
    for action in ["start", "reject", "pause", "resume", "rollback", "finish"] {
        rules["POST /api/v1/rollouts/{id}/\(action)"] = .admin
        rules["POST /admin/rollouts/{id}/\(action)"] = .admin
    }
    rules["POST /admin/models/{id}/deployment"] = .admin
    for route in ["GET /admin/webhooks", "POST /admin/webhooks", "POST /admin/webhooks/{id}/delete", "POST /admin/webhooks/{id}/ping"] {
        rules[route] = .admin
    }
    rules["POST /admin/models/{id}/rollouts"] = .data
    rules["POST /admin/models/{id}/batch"] = .data
    for route in ["POST registered-models/create", "GET registered-models/get", "PATCH registered-models/update",
                  "GET registered-models/search", "POST registered-models/get-latest-versions",
                  "GET registered-models/get-latest-versions", "POST registered-models/set-tag",
                  "DELETE registered-models/delete-tag", "GET registered-models/alias", "POST model-versions/create",
                  "GET model-versions/get", "PATCH model-versions/update", "GET model-versions/search",
                  "POST model-versions/set-tag", "DELETE model-versions/delete-tag", "GET model-versions/get-download-uri"] {
        let parts = route.split(separator: " ")
        rules["\(parts[0]) \(mlflow)/\(parts[1])"] = .data
    }
    for route in ["POST registered-models/rename", "DELETE registered-models/delete", "POST registered-models/alias",
                  "DELETE registered-models/alias", "DELETE model-versions/delete", "POST model-versions/transition-stage"] {
        let parts = route.split(separator: " ")
        rules["\(parts[0]) \(mlflow)/\(parts[1])"] = .admin
    }
    return rules
}()

/// One app with project P (and Q), an image, a label, a job, a trained version and a transition
/// request, and a token for each caller; path parameters are filled with these ids.
struct AccessFixture {
    let app: TestApp
    let tokens: [Caller: String]
    let tokenIDs: [Caller: Int64]
    let ids: [String: Int64]

    init() throws {
        let app = try TestApp()
        let database = app.context.database
        var users: [Caller: User] = [.admin: try database.user(named: "admin")!]
        for (caller, role) in [(Caller.annotator, Role.annotator), (.reviewer, .reviewer), (.data, .data), (.outsider, .annotator)] {
            users[caller] = try app.addUser(caller.rawValue, role: role)
        }
        let p = try database.createProject(name: "P", description: "", by: .commandLine)
        let q = try database.createProject(name: "Q", description: "", by: .commandLine)
        _ = try database.setProjectMember(projectID: p.id, userID: users[.annotator]!.id, role: .annotator, by: .commandLine)
        _ = try database.setProjectMember(projectID: p.id, userID: users[.reviewer]!.id, role: .reviewer, by: .commandLine)
        _ = try database.setProjectMember(projectID: q.id, userID: users[.outsider]!.id, role: .annotator, by: .commandLine)
        let label = try database.createLabel(projectID: p.id, name: "bird", color: "#ff0000", hotkey: nil, by: .commandLine)
        let image = try app.context.imageIngest.ingest(try ImageUploadTests.jpeg(width: 64, height: 48, shade: 90),
                                                       fileName: "a.jpg", projectID: p.id, by: .commandLine).image
        // Over the display limit, so it has tiles to serve.
        let tiled = try app.context.imageIngest.ingest(try ImageUploadTests.jpeg(width: 2100, height: 40, shade: 30),
                                                       fileName: "wide.jpg", projectID: p.id, by: .commandLine).image
        let stored = try app.context.files.store(Array("model bytes".utf8), in: "models", extension: "loupe")
        let job = try database.enqueueJob(projectID: p.id, spec: .train(TrainingConfig()), by: .commandLine)
        _ = try database.claimNextJob(owner: "t", leaseSeconds: 30)
        let version = try #require(try database.completeTrainingJob(
            lease: JobLease(jobID: job.id, owner: "t", attempt: 1),
            version: TrainedVersion(modelName: "Birds", artifactPath: stored.relativePath, artifactSHA256: stored.sha256,
                                    artifactSize: stored.size, metrics: "{}", parameters: "{}", evaluation: "{}",
                                    labels: "[]", snapshotId: nil, description: "d"), message: "ok"))
        try database.setAlias("champion", versionID: version.id, by: .commandLine)
        // A second version, rolled out against the first in Production (requested, so an admin may start it)
        let candidateJob = try database.enqueueJob(projectID: p.id, spec: .train(TrainingConfig()), by: .commandLine)
        _ = try database.claimNextJob(owner: "t", leaseSeconds: 30)
        _ = try database.completeTrainingJob(
            lease: JobLease(jobID: candidateJob.id, owner: "t", attempt: 1),
            version: TrainedVersion(modelName: "Birds", artifactPath: stored.relativePath, artifactSHA256: stored.sha256,
                                    artifactSize: stored.size, metrics: "{}", parameters: "{}", evaluation: "{}",
                                    labels: "[]", snapshotId: nil, description: "d"), message: "ok")
        let production = try ArtifactReader(store: database, files: app.context.files).reading(versionID: version.id, movingTo: .production)
        _ = try database.transitionStage(versionID: version.id, to: .production, archiveExisting: false, reason: "r", by: .commandLine,
                                         artifact: production)
        let rollout = try database.createRollout(modelID: version.modelId, proposal: RolloutProposal(candidateVersion: 2, plan: RolloutPlan(), reason: "try"),
                                                 start: false, by: .commandLine)
        // An accepted image kept as ground truth
        let trusted = try app.context.imageIngest.ingest(try ImageUploadTests.jpeg(width: 64, height: 48, shade: 140),
                                                         fileName: "b.jpg", projectID: p.id, by: .commandLine).image
        _ = try database.submitImage(id: trusted.id, expectedRevision: nil, by: .commandLine)
        _ = try database.reviewImage(id: trusted.id, decision: .accept, comment: "", by: .commandLine)
        _ = try database.markGroundTruth(projectID: p.id, .images([trusted.id]), by: .commandLine)
        let batch = try database.createBatches(projectID: p.id, plan: BatchPlan(name: "First"), by: .commandLine)[0]
        let webhook = try database.createWebhook(url: "https://hooks.example/loupe", events: ["*"], description: "", allowPrivate: false, by: .commandLine)
        let request = try database.requestTransition(versionID: version.id, to: .staging, archiveExisting: false, reason: "please",
                                                     by: Attribution(userID: users[.data]!.id, username: "data", remoteAddress: "t"))
        var tokens: [Caller: String] = [:], tokenIDs: [Caller: Int64] = [:]
        for (caller, user) in users {
            let created = try app.context.accounts.createToken(userID: user.id, name: "matrix", by: .commandLine)
            tokens[caller] = created.secret
            tokenIDs[caller] = created.token.id
        }
        self.app = app
        self.tokens = tokens
        self.tokenIDs = tokenIDs
        ids = ["project": p.id, "image": image.id, "label": label.id, "job": job.id, "model": version.modelId,
               "version": version.id, "request": request.id, "user": users[.annotator]!.id, "rollout": rollout.id,
               "webhook": webhook.id, "batch": batch.id, "trusted": trusted.id, "tiled": tiled.id]
    }

    private init(app: TestApp, tokens: [Caller: String], tokenIDs: [Caller: Int64], ids: [String: Int64]) {
        (self.app, self.tokens, self.tokenIDs, self.ids) = (app, tokens, tokenIDs, ids)
    }

    /// The same world in a new database file (an online backup), sharing the content-addressed files.
    func copy() throws -> AccessFixture {
        let dataDirectory = app.context.database.temporaryDirectory!
        return AccessFixture(app: try TestApp(database: try AppDatabase.openTemporary(copying: app.context.database), dataDirectory: dataDirectory),
                             tokens: tokens, tokenIDs: tokenIDs, ids: ids)
    }

    /// The route's pattern with real ids: `{id}` means the resource its prefix names.
    func path(for pattern: String, caller: Caller) -> String {
        let kind: String
        switch true {
        case pattern.contains("/tokens/{id}"): return pattern.replacing("{id}", with: String(tokenIDs[caller] ?? 999))
        case pattern.hasPrefix("/api/v1/projects/"): kind = "project"
        case pattern.hasSuffix("/tiles/{level}/{x}/{y}"): kind = "tiled"
        case pattern.hasPrefix("/api/v1/images/"): kind = "image"
        case pattern.hasPrefix("/api/v1/labels/"): kind = "label"
        case pattern.hasPrefix("/api/v1/jobs/"): kind = "job"
        case pattern.hasPrefix("/api/v1/rollouts/"), pattern.hasPrefix("/admin/rollouts/"): kind = "rollout"
        case pattern.hasPrefix("/api/v1/webhooks/"), pattern.hasPrefix("/admin/webhooks/"): kind = "webhook"
        case pattern.contains("/models/versions/"): kind = "version"
        case pattern.contains("/models/requests/"): kind = "request"
        case pattern.contains("/models/"): kind = "model"
        default: kind = "user"
        }
        return pattern.replacing("{id}", with: String(ids[kind]!))
            .replacing("{userId}", with: String(ids["user"]!)).replacing("{batchId}", with: String(ids["batch"]!))
            .replacing("{imageId}", with: String(ids["trusted"]!)).replacing("{alias}", with: "champion")
            .replacing("{model}", with: "Birds@champion").replacing("{format}", with: "csv")
            .replacing("{level}", with: "0").replacing("{x}", with: "1").replacing("{y}", with: "0")
    }

    /// A body good enough to get past parsing on most routes, so that refusals are about access.
    static let body = ##"{"name":"Birds","version":"1","stage":"Staging","alias":"champion","key":"k","value":"v","new_name":"Birds2","##
        + ##""password":"a-new-password-1","current_password":"annotator-password","revision":0,"shapes":[],"decision":"accepted","##
        + ##""username":"someone","role":"annotator","user_id":2,"color":"#00ff00","kind":"train","config":{},"body":"a comment","##
        + ##""box":[4,4,40,30]}"##

    /// The fields HTML forms post, for the server-rendered pages' routes.
    static let form = "username=someone&password=a-new-password-1&role=annotator&stage=Staging&alias=champion&reason=why"
        + "&decision=approve&current_password=annotator-password&new_password=a-new-password-1&name=t"

    func send(_ method: HTTPMethod, _ pattern: String, as caller: Caller) -> Response {
        let isForm = method == .POST && (pattern.hasPrefix("/admin/") || pattern.hasPrefix("/auth/"))
        var headers = ["Content-Type": isForm ? "application/x-www-form-urlencoded" : "application/json",
                       "Accept": isForm ? "text/html" : "application/json"]
        if caller != .anonymous { headers["Authorization"] = "Bearer \(tokens[caller]!)" }
        let mlflowQuery = pattern.hasPrefix("/api/2.0/") ? "?name=Birds&version=1&alias=champion&key=k" : ""
        return app.send(method, path(for: pattern, caller: caller) + mlflowQuery, headers: headers,
                        body: method == .GET ? "" : isForm ? Self.form : Self.body)
    }
}

@Suite struct AccessMatrixTests {
    @Test func everyRouteHasARule() throws {
        let app = try TestApp()
        let missing = app.responder.router.routes.map { "\($0.method.rawValue) \($0.pattern)" }.filter { accessRules[$0] == nil }
        #expect(missing.isEmpty, "routes without an access rule: \(missing)")
    }

    @Test func everyCallerGetsWhatTheRuleSays() throws {
        let template = try AccessFixture()
        var wrong: [String] = []
        for route in template.app.responder.router.routes {
            let key = "\(route.method.rawValue) \(route.pattern)"
            guard let rule = accessRules[key] else { continue }
            // Callers the rule refuses go first; after any call that changed the world, the next
            // caller gets a fresh copy, so one caller's delete cannot hide another's access.
            let callers = Caller.allCases.filter { !rule.allows($0) } + Caller.allCases.filter { rule.allows($0) }
            var fixture = try template.copy()
            for caller in callers {
                let response = fixture.send(route.method, route.pattern, as: caller)
                let status = response.status
                let sentToLogin = status == 303 && response.header("Location")?.hasPrefix("/login.html?next=") == true
                let refused = caller == .anonymous ? status == 401 || sentToLogin : [403, 404].contains(status)
                if rule.allows(caller) == refused { wrong.append("\(key) as \(caller): \(status) (rule \(rule))") }
                if route.method.isUnsafe && status < 400 { fixture = try template.copy() }
            }
        }
        #expect(wrong.isEmpty, Comment(rawValue: "\(wrong.count) cells differ:\n" + wrong.joined(separator: "\n")))
    }

    /// Routes that take a multipart upload and check the token among its fields.
    static let multipartRoutes: Set = ["/api/v1/projects/{id}/images", "/api/v1/models/versions", "/admin/models/upload",
                                       "/api/v1/projects/{id}/batch-predictions",
                                       "/admin/models/versions/{id}/try"]

    @Test func everyStateChangingRouteNeedsTheCSRFTokenWithACookieSession() throws {
        // Given an admin (who passes every role check) signed in with a cookie, sending no CSRF token
        let template = try AccessFixture()
        let session = try template.app.browser("admin").cookies
        var unchecked: [String] = []
        for route in template.app.responder.router.routes where route.method.isUnsafe {
            let fixture = try template.copy()
            var browser = Browser(app: fixture.app)
            browser.cookies = session
            let path = fixture.path(for: route.pattern, caller: .admin)
            let isForm = route.method == .POST && (route.pattern.hasPrefix("/admin/") || route.pattern.hasPrefix("/auth/"))
            let response: Response
            if Self.multipartRoutes.contains(route.pattern) {
                // These read the token from the form's fields as they stream: send a file and no token
                let boundary = "matrix"
                let body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"m.loupe\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\nbytes\r\n--\(boundary)--\r\n"
                let cookie = session.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
                response = fixture.app.send(route.method, path, headers: [
                    "Cookie": cookie, "Content-Type": "multipart/form-data; boundary=\(boundary)", "Accept": "text/html"], body: body)
            } else if isForm {
                response = browser.send(route.method, path, form: ["username": "admin", "password": "admin-password", "name": "t"])
            } else {
                response = browser.send(route.method, path + "?name=Birds&version=1", json: AccessFixture.body,
                                        headers: ["Accept": "application/json"])
            }
            // Then every one is refused as a forged request, before it changes anything (the login
            // form, which has no session yet, is sent back to the login page with csrf_failed)
            let forbidden = response.status == 403 && response.text.lowercased().contains("token")
            let loginRefused = response.status == 303 && response.header("Location")?.contains("csrf_failed") == true
            if !forbidden && !loginRefused {
                unchecked.append("\(route.method.rawValue) \(route.pattern): \(response.status)")
            }
        }
        #expect(unchecked.isEmpty, Comment(rawValue: "accepted without a CSRF token:\n" + unchecked.joined(separator: "\n")))
    }
}
