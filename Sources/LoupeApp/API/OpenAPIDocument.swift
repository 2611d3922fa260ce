// The OpenAPI 3.1 document of Loupe's API, built from the router itself: every /api route with its
// path parameters, its security (from the route's access rule), its body's kind, and the one error
// shape. A route cannot be missing from it, and its security cannot disagree with its rule.
import Foundation
import Web

enum OpenAPIDocument {
    /// The API's routes: Loupe's own (`/api/v1/…`) and MLflow's (`/api/2.0/mlflow/…`).
    static func isAPI(_ route: Route) -> Bool { route.pattern.hasPrefix("/api/v1/") || route.pattern.hasPrefix("/api/2.0/") }

    /// Rules that let anyone call (or anyone on this machine): no credential in the document.
    static func isOpen(_ route: Route) -> Bool { ["anyone", "loopback only"].contains(route.access.summary) }

    static func build(_ routes: [Route], version: String) -> [String: Any] {
        var paths: [String: [String: Any]] = [:]
        for route in routes where isAPI(route) {
            paths[route.pattern, default: [:]][route.method.rawValue.lowercased()] = operation(route)
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "Loupe API", "version": version,
                "description": "Projects, images, labels, annotations, exports, jobs, the model registry and serving. "
                    + "Scripts send an API token (`Authorization: Bearer lpt_…`); browsers send their session cookie and, "
                    + "on every request that changes something, the session's CSRF token as `X-CSRF-Token` (from `GET /api/v1/me`). "
                    + "Every error answers `{\"error\": {\"code\", \"message\", \"field\"}}`.",
            ],
            "servers": [["url": "/"]],
            "tags": tags.map { ["name": $0.name, "description": $0.description] },
            "paths": paths,
            "components": [
                "securitySchemes": [
                    "bearer": ["type": "http", "scheme": "bearer", "description": "An API token (Account page, or `loupe token create`)."],
                    "session": ["type": "apiKey", "in": "cookie", "name": "loupe_session", "description": "A browser's session, from /auth/login."],
                    "csrf": ["type": "apiKey", "in": "header", "name": "X-CSRF-Token",
                             "description": "The session's CSRF token (`csrf_token` in GET /api/v1/me): required with the session cookie on POST, PUT, PATCH and DELETE."],
                ],
                "schemas": APISchemas.all,
                "responses": Dictionary(uniqueKeysWithValues: errorStatuses.map { status, text in
                    (String(status), ["description": text, "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]])
                }),
            ],
        ]
    }

    /// The document as JSON text (keys sorted, so it reads the same each time).
    static func json(_ routes: [Route], version: String) throws -> [UInt8] {
        [UInt8](try JSONSerialization.data(withJSONObject: build(routes, version: version), options: [.sortedKeys, .withoutEscapingSlashes]))
    }

    // MARK: - Operations

    static let errorStatuses: [(Int, String)] = [
        (400, "The request could not be read (bad JSON, a missing body)."),
        (401, "No credentials, or an unknown or revoked token."),
        (403, "The caller may not do this (role, token scope, or a missing CSRF token)."),
        (404, "Nothing there, or nothing the caller may see."),
        (409, "The registry's or the resource's state refuses it (a stale revision, a second rollout, …)."),
        (413, "The body is larger than this server accepts; nothing was saved."),
        (415, "The body is not in a type this operation takes (JSON, an image, multipart)."),
        (422, "A value breaks a rule; `field` names it."),
    ]

    private static func operation(_ route: Route) -> [String: Any] {
        let contract = APIContracts.contract(for: route) ?? OperationContract("", 200, .json(Schema.anyObject))
        let mlflow = route.pattern.hasPrefix("/api/2.0/")
        var operation: [String: Any] = [
            "operationId": operationID(route), "tags": [tag(of: route.pattern)],
            "summary": contract.summary,
            "x-loupe-access": route.access.summary,
            "security": isOpen(route) ? [] : (route.method.isUnsafe ? [["bearer": []], ["session": [], "csrf": []]] : [["bearer": []], ["session": []]]),
        ]
        var parameters = Route.parameterNames(route.pattern).map { name -> [String: Any] in
            let numeric = Route.isNumeric(name)
            return ["name": name, "in": "path", "required": true, "description": describe(name, in: route.pattern),
                    "schema": numeric ? ["type": "integer", "minimum": 1] : ["type": "string", "minLength": 1]]
        }
        parameters += contract.query.map { ["name": $0.name, "in": "query", "required": $0.required, "schema": $0.schema, "description": $0.description] }
        if !parameters.isEmpty { operation["parameters"] = parameters }
        if let body = requestBody(route, contract) { operation["requestBody"] = body }
        operation["responses"] = responses(route, contract, mlflow: mlflow)
        return operation
    }

    /// `{id}` after `/projects/` → "The project's id".
    static func describe(_ parameter: String, in pattern: String) -> String {
        switch parameter {
        case "userId": return "The member's user id."
        case "model": return "The model's name, or Name@alias."
        case "alias": return "The alias (letters, digits, - and _)."
        case "format": return "csv or coco."
        default:
            let parts = pattern.split(separator: "/")
            guard let index = parts.firstIndex(of: "{\(parameter)}"), index > 0 else { return "" }
            let owner = parts[index - 1]
            return "The \(owner.hasSuffix("s") ? String(owner.dropLast()) : String(owner))'s id."
        }
    }

    private static func requestBody(_ route: Route, _ contract: OperationContract) -> [String: Any]? {
        var content: [String: Any] = [:]
        if let body = contract.body {
            var json: [String: Any] = ["schema": body]
            if let example = contract.example { json["example"] = example }
            content["application/json"] = json
        }
        if route.takesMultipart || contract.multipart { content["multipart/form-data"] = ["schema": Schema.anyObject] }
        if contract.image {
            content["image/jpeg"] = ["schema": Schema.binary]
            content["image/png"] = ["schema": Schema.binary]
        }
        guard !content.isEmpty else { return nil }
        return ["required": contract.bodyRequired, "content": content]
    }

    /// One server-sent event: `event` names it (progress, epoch, trial, state, done), `data` is its JSON.
    nonisolated(unsafe) static let event = Schema.object([:], optional: ["event": Schema.string, "data": Schema.string, "id": Schema.string, "retry": Schema.string])

    private static func responses(_ route: Route, _ contract: OperationContract, mlflow: Bool) -> [String: Any] {
        var responses: [String: Any] = [:]
        for (status, answer) in contract.answers {
            let description = status == 204 ? "Done; nothing to answer." : "Done."
            switch answer {
            case .json(let schema): responses[String(status)] = ["description": description, "content": ["application/json": ["schema": schema]]]
            case .file(let types):
                responses[String(status)] = ["description": description,
                                             "content": Dictionary(uniqueKeysWithValues: types.map { ($0, ["schema": Schema.binary]) })]
            case .empty: responses[String(status)] = ["description": description]
            case .events: responses[String(status)] = ["description": description, "content": ["text/event-stream": ["schema": event]]]
            }
        }
        // Only the statuses the operation can give: 400 and 422 need something to read, 404 a row to
        // look up (a path id; MLflow's contracts name theirs), 409 a write that can conflict.
        var errors: Set<Int> = []
        let takesInput = route.method.isUnsafe && (contract.body != nil || route.takesMultipart || contract.multipart || contract.image)
        if takesInput || mlflow { errors.insert(400) }
        if !Route.parameterNames(route.pattern).isEmpty { errors.insert(404) }
        if !isOpen(route) { errors.formUnion([401, 403]) }
        if route.method.isUnsafe && !mlflow && contract.conflicts { errors.insert(409) }
        if takesInput && !mlflow { errors.insert(422) }
        errors.formUnion(mlflow ? contract.errors.subtracting([415]) : contract.errors)  // MLflow answers a wrong body 400
        if !contract.query.isEmpty && !mlflow { errors.insert(422) }  // a query value that is not what the parameter takes
        for status in errors {
            responses[String(status)] = mlflow
                ? ["description": errorStatuses.first { $0.0 == status }!.1,
                   "content": ["application/json": ["schema": Schema.ref("MLflowError")]]]
                : ["$ref": "#/components/responses/\(status)"]
        }
        return responses
    }

    /// `GET /api/v1/projects/{id}/labels` → `get_projects_id_labels`
    static func operationID(_ route: Route) -> String {
        let path = route.pattern.replacingOccurrences(of: "/api/v1/", with: "").replacingOccurrences(of: "/api/2.0/", with: "")
        let words = path.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.lowercased() }
        return ([route.method.rawValue.lowercased()] + words).joined(separator: "_")
    }

    // MARK: - Tags

    static let tags: [(name: String, description: String)] = [
        ("Accounts", "Who you are, API tokens, users."),
        ("Projects", "Projects, members, labels, the dashboard and the labelling queue."),
        ("Images", "Uploads, files, annotations, box suggestions and review."),
        ("Datasets", "Snapshots, COCO export and import."),
        ("Jobs", "Training, searches, scoring, predictions and batch jobs."),
        ("Registry", "Registered models, versions, stages, aliases and requests."),
        ("Serving", "Prediction endpoints, deployments, rollouts, usage and drift."),
        ("Webhooks", "Where Loupe posts registry and deployment events."),
        ("Operations", "Health and the audit log."),
        ("MLflow", "MLflow's model-registry REST API over the same registry, for the mlflow client."),
    ]

    static func tag(of pattern: String) -> String {
        if pattern.hasPrefix("/api/2.0/mlflow") { return "MLflow" }
        let first = pattern.split(separator: "/").dropFirst(2).first.map(String.init) ?? ""
        if pattern.contains("/export/") || pattern.contains("/import/") || pattern.hasSuffix("/snapshots") { return "Datasets" }
        if pattern.contains("/batch-predictions") || pattern.hasSuffix("/jobs") { return "Jobs" }
        if pattern.contains("/deployment") || pattern.contains("/rollouts") || pattern.hasSuffix("/usage") || pattern.hasSuffix("/drift") {
            return "Serving"
        }
        switch first {
        case "me", "tokens", "users": return "Accounts"
        case "projects", "labels": return "Projects"
        case "images": return "Images"
        case "jobs": return "Jobs"
        case "models": return "Registry"
        case "serve", "rollouts": return "Serving"
        case "webhooks": return "Webhooks"
        default: return "Operations"
        }
    }
}
