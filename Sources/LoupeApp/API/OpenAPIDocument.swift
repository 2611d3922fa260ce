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
                "schemas": [
                    "Error": [
                        "type": "object", "required": ["error"],
                        "properties": ["error": [
                            "type": "object", "required": ["code", "message"],
                            "properties": [
                                "code": ["type": "string", "description": "Stable and machine-readable: not_found, invalid_field, csrf_failed, …"],
                                "message": ["type": "string", "description": "For people: what went wrong and what to do."],
                                "field": ["type": ["string", "null"], "description": "The input at fault (`name`, `shapes[2].x`), if any."],
                            ],
                        ]],
                    ],
                ],
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
        (422, "A value breaks a rule; `field` names it."),
    ]

    private static func operation(_ route: Route) -> [String: Any] {
        let method = route.method.rawValue.lowercased()
        var operation: [String: Any] = [
            "operationId": operationID(route), "tags": [tag(of: route.pattern)],
            "summary": "\(route.method.rawValue) \(route.pattern)",
            "x-loupe-access": route.access.summary,
            "security": isOpen(route) ? [] : (route.method.isUnsafe ? [["bearer": []], ["session": [], "csrf": []]] : [["bearer": []], ["session": []]]),
        ]
        let parameters = Route.parameterNames(route.pattern).map { name -> [String: Any] in
            let numeric = name == "id" || name.hasSuffix("Id")
            return ["name": name, "in": "path", "required": true,
                    "schema": numeric ? ["type": "integer", "minimum": 1] : ["type": "string", "minLength": 1]]
        }
        if !parameters.isEmpty { operation["parameters"] = parameters }
        if route.method.isUnsafe && method != "delete" {
            var content: [String: Any] = ["application/json": ["schema": ["type": "object"]]]
            if route.takesMultipart { content["multipart/form-data"] = ["schema": ["type": "object"]] }
            if route.pattern.hasSuffix("/images") || route.pattern.hasSuffix("/predict") {
                content["image/jpeg"] = ["schema": ["type": "string", "format": "binary"]]
                content["image/png"] = ["schema": ["type": "string", "format": "binary"]]
            }
            operation["requestBody"] = ["required": false, "content": content]
        }
        var responses: [String: Any] = [
            "200": ["description": "Done.", "content": ["application/json": ["schema": [:] as [String: Any]]]],
            "400": ["$ref": "#/components/responses/400"], "404": ["$ref": "#/components/responses/404"],
        ]
        if !isOpen(route) {
            responses["401"] = ["$ref": "#/components/responses/401"]
            responses["403"] = ["$ref": "#/components/responses/403"]
        }
        if route.method.isUnsafe {
            responses["409"] = ["$ref": "#/components/responses/409"]
            responses["422"] = ["$ref": "#/components/responses/422"]
        }
        operation["responses"] = responses
        return operation
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
