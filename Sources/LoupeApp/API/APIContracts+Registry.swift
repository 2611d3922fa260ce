// The contracts of jobs, the registry, serving and webhooks, and the one MLflow's routes share.
import Domain

extension APIContracts {
    nonisolated(unsafe) static let modelFile = ["application/octet-stream"]

    // MARK: - Jobs

    nonisolated(unsafe) static let jobs: [String: C] = [
        "GET /api/v1/projects/{id}/jobs": C("The project's last 100 jobs, newest first.", 200, .json(S.listed("jobs", S.ref("Job")))),
        "POST /api/v1/projects/{id}/jobs": C("Queue a training run, a search, scoring or predictions; unknown config keys are refused by name.", 201,
                                             .json(S.ref("Job")),
                                             body: S.object([:], optional: ["kind": S.oneOf(["train", "search", "score", "predict"]),
                                                                            "config": S.anyObject]),
                                             example: ["kind": "train", "config": ["architecture": "cnn", "input_size": 64, "epochs": 20]]),
        "GET /api/v1/jobs/{id}": C("One job, with its metrics, trials and the version it made.", 200, .json(S.ref("Job"))),
        "POST /api/v1/jobs/{id}/cancel": C("Ask a queued or running job to stop (409 job_finished once it has ended).", 200, .json(S.ref("Job"))),
        "GET /api/v1/jobs/{id}/stream": C("The job's live progress as server-sent events (served by loupe-events; the worker answers 204 when the caller may follow it).",
                                          200, .events).also(204, .empty),
        "GET /api/v1/jobs/{id}/results/{format}": C("A batch job's results as csv or coco (409 until the job has them).", 200,
                                                  .file(["text/csv", "application/json"]), errors: [409]),
        "POST /api/v1/projects/{id}/batch-predictions": C("Predict a .zip of images (multipart `file`, optional `model`, `model_version`, `score_threshold`).",
                                                          201, .json(S.ref("Job")), errors: [413]),
    ]

    // MARK: - Registry

    nonisolated(unsafe) static let stageChange = S.object(["stage": S.oneOf(APISchemas.stages)], optional: ["archive_existing": S.boolean, "reason": S.string])

    nonisolated(unsafe) static let registry: [String: C] = [
        "GET /api/v1/models": C("Every registered model with its versions by stage.", 200, .json(S.listed("models", S.ref("Model")))),
        "GET /api/v1/models/{id}": C("A model, its versions and aliases.", 200, .json(S.object(
            ["id": S.id, "name": S.string, "description": S.string, "versions": S.list(S.ref("ModelVersion")), "aliases": S.map(S.integer)],
            optional: ["created_at": S.time, "updated_at": S.time]))),
        "POST /api/v1/models/versions": C("Register a model file from outside (multipart `file`, `name`, optional `framework`, `model_type`, `description`).",
                                          201, .json(S.ref("ModelVersion")), errors: [413]),
        "GET /api/v1/models/versions/{id}": C("One version: its metrics, parameters and evaluation.", 200, .json(S.ref("ModelVersion"))),
        "GET /api/v1/models/versions/{id}/artifact": C("The version's model file, with its SHA-256 in a header.", 200, .file(modelFile)),
        "GET /api/v1/models/versions/{id}/history": C("The version's stage transitions and requests.", 200, .json(S.object(
            ["transitions": S.list(S.anyObject), "requests": S.list(S.ref("TransitionRequest"))]))),
        "POST /api/v1/models/versions/{id}/stage": C("Move a version to a stage (admins).", 200, .json(S.ref("ModelVersion")),
                                                     body: stageChange, example: ["stage": "Production", "archive_existing": true, "reason": "best F1"]),
        "POST /api/v1/models/versions/{id}/requests": C("Ask an admin to move a version to a stage.", 201, .json(S.ref("TransitionRequest")),
                                                        body: stageChange, example: ["stage": "Production", "reason": "beats v3 on the holdout"]),
        "POST /api/v1/models/requests/{id}": C("Approve or reject a stage request (admins).", 200, .json(S.ref("TransitionRequest")),
                                               body: S.object(["decision": S.oneOf(["approve", "reject"])], optional: ["comment": S.string]),
                                               example: ["decision": "approve"]),
        "POST /api/v1/models/versions/{id}/predict": C("Try a version on one image (the body).", 200, .json(S.object(
            ["model_name": S.string, "version": S.integer],
            optional: ["predictions": S.list(S.anyObject), "detections": S.list(S.anyObject), "image_width": S.integer, "image_height": S.integer])),
            image: true, conflicts: false, errors: [413]),
        "PUT /api/v1/models/{id}/aliases/{alias}": C("Point an alias at a version number (admins).", 200, .json(S.object(["aliases": S.map(S.integer)])),
                                                     body: S.object(["version": ["type": "integer", "minimum": 1]]), example: ["version": 4]),
        "DELETE /api/v1/models/{id}/aliases/{alias}": C("Remove an alias (admins).", 200, .json(S.object(["aliases": S.map(S.integer)]))),
    ]

    // MARK: - Serving

    nonisolated(unsafe) static let rolloutPlan = [
        "candidate_version": ["type": "integer", "minimum": 1] as JSONSchema, "mode": S.oneOf(RolloutMode.allCases.map(\.rawValue)),
        "steps": S.list(["type": "number", "exclusiveMinimum": 0, "maximum": 100]),
        "dwell_seconds": ["type": "integer", "minimum": 1, "maximum": 604_800], "guardrails": S.anyObject,
        "sticky_header": S.text(1, 64), "reason": S.string,
    ]
    nonisolated(unsafe) static let reason = S.object([:], optional: ["reason": S.string])

    nonisolated(unsafe) static let serving: [String: C] = [
        "POST /api/v1/serve/{model}/predict": C("Predict with the model's Production version, or `Name@alias`: an image body, multipart files, or {project_id, image_ids}.",
                                                200, .json(S.object([:], optional: ["model_name": S.string, "results": S.list(S.ref("ServedAnswer"))],
                                                                    description: "One image's ServedAnswer, or `results` for several.")),
                                                body: S.object(["project_id": S.id, "image_ids": ["type": "array", "items": S.id, "minItems": 1, "maxItems": 32]]),
                                                required: false, example: ["project_id": 1, "image_ids": [10, 11, 12]], image: true, errors: [413]),
        "GET /api/v1/models/{id}/deployment": C("The model's endpoint, its on/off switch and its live rollout.", 200, .json(S.ref("Deployment"))),
        "PUT /api/v1/models/{id}/deployment": C("Turn the endpoint on or off, with a reason (admins).", 200, .json(S.ref("Deployment")),
                                                body: S.object(["enabled": S.boolean, "reason": S.string]),
                                                example: ["enabled": false, "reason": "maintenance"]),
        "GET /api/v1/models/{id}/usage": C("Requests, errors, latency and answers per version and per minute.", 200, .json(S.object(
            ["since": S.time, "versions": S.list(S.anyObject), "minutes": S.list(S.anyObject)])),
            query: [C.Query(name: "hours", schema: ["type": "integer", "minimum": 1, "maximum": 720], description: "How far back (default 24).")]),
        "GET /api/v1/models/{id}/drift": C("The latest drift reports per version (?refresh=1 checks now).", 200, .json(S.listed("versions", S.anyObject)),
                                           query: [C.Query(name: "refresh", schema: S.oneOf(["0", "1"]), description: "Check drift before answering.")]),
        "GET /api/v1/models/{id}/rollouts": C("The model's rollouts, newest first.", 200, .json(S.listed("rollouts", S.ref("Rollout")))),
        "POST /api/v1/models/{id}/rollouts": C("Start a rollout (admins) or ask for one (the data team). Unknown keys are refused.", 201,
                                               .json(S.ref("Rollout")),
                                               body: S.object([:], optional: rolloutPlan).merging(["additionalProperties": false]) { $1 },
                                               example: ["candidate_version": 4, "mode": "canary", "steps": [5, 25, 50, 100], "dwell_seconds": 300,
                                                         "guardrails": ["max_error_rate": 0.02, "max_p99_ms": 250]]),
        "GET /api/v1/rollouts/{id}": C("One rollout with its readings and events.", 200, .json(S.ref("Rollout"))),
    ].merging(["start", "pause", "resume", "rollback", "finish", "reject"].map { action in
        ("POST /api/v1/rollouts/{id}/\(action)", C("\(action.prefix(1).uppercased() + action.dropFirst()) a rollout (admins), with an optional reason.",
                                                   200, .json(S.ref("Rollout")), body: reason, required: false, example: ["reason": "looks good"]))
    }) { $1 }

    // MARK: - Webhooks

    nonisolated(unsafe) static let webhooks: [String: C] = [
        "GET /api/v1/webhooks": C("Every webhook (admins).", 200, .json(S.listed("webhooks", S.ref("Webhook")))),
        "POST /api/v1/webhooks": C("Add a webhook; its signing secret is shown once.", 201, .json(S.ref("Webhook")),
                                   body: S.object(["url": S.string], optional: ["events": S.list(S.string), "description": S.string,
                                                                               "allow_private": S.boolean]),
                                   example: ["url": "https://ci.example.com/loupe", "events": ["model_version.created", "rollout.rolled_back"]]),
        "DELETE /api/v1/webhooks/{id}": C("Remove a webhook.", 204, .empty, conflicts: false),
        "GET /api/v1/webhooks/{id}/deliveries": C("The webhook's recent deliveries.", 200, .json(S.listed("deliveries", S.ref("Delivery")))),
        "POST /api/v1/webhooks/{id}/ping": C("Send a test event.", 202, .json(S.object(["queued": S.boolean])), conflicts: false),
    ]
}
