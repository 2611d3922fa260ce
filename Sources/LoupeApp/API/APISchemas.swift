// The shapes Loupe's API answers and takes, named once and referred to by operations. Each mirrors a
// DTO (ProjectDTO, ImageDTO, JobDTO, …); Schemathesis checks every answer against them in scripts/test.
import Domain

enum APISchemas {
    nonisolated(unsafe) static let all: [String: JSONSchema] = [
        "Error": error,
        "MLflowError": Schema.object(["error_code": Schema.string, "message": Schema.string],
                                     description: "MLflow's error shape, as the mlflow client reads it."),
        "MLflowRegisteredModel": Schema.object(
            ["name": Schema.string, "creation_timestamp": Schema.integer, "last_updated_timestamp": Schema.integer],
            optional: ["description": Schema.string, "latest_versions": Schema.list(Schema.ref("MLflowModelVersion")),
                       "tags": Schema.list(Schema.anyObject), "aliases": Schema.list(Schema.object(["alias": Schema.string, "version": Schema.string]))]),
        "MLflowModelVersion": Schema.object(
            ["name": Schema.string, "version": Schema.string, "creation_timestamp": Schema.integer, "current_stage": Schema.oneOf(stages)],
            optional: ["last_updated_timestamp": Schema.integer, "user_id": Schema.string, "description": Schema.string, "source": Schema.string,
                       "run_id": Schema.string, "status": Schema.string, "status_message": Schema.string, "tags": Schema.list(Schema.anyObject),
                       "run_link": Schema.string, "aliases": Schema.list(Schema.string)]),
        "User": Schema.object(["id": Schema.id, "username": Schema.string, "role": Schema.oneOf(roles), "disabled": Schema.boolean,
                               "created_at": Schema.time]),
        "Token": Schema.object(["id": Schema.id, "user_id": Schema.id, "name": Schema.string, "prefix": Schema.string, "created_at": Schema.time],
                               optional: ["last_used_at": Schema.time, "revoked_at": Schema.time, "serve_model": Schema.string]),
        "Project": Schema.object(["id": Schema.id, "name": Schema.string, "description": Schema.string, "archived": Schema.boolean,
                                  "created_at": Schema.time], optional: ["can_review": Schema.boolean]),
        "Member": Schema.object(["user_id": Schema.id, "username": Schema.string, "role": Schema.oneOf(roles), "added_at": Schema.time]),
        "Label": Schema.object(["id": Schema.id, "project_id": Schema.id, "name": Schema.string, "color": Schema.string,
                                "suggestion_threshold": Schema.number, "attributes": Schema.list(Schema.ref("Attribute"))],
                               optional: ["hotkey": Schema.string]),
        "Attribute": attribute,
        "ImageAdjustments": Schema.object(["brightness": ["type": "number", "minimum": -100, "maximum": 100],
                                           "contrast": ["type": "number", "minimum": -100, "maximum": 100],
                                           "gamma": ["type": "number", "minimum": 0.2, "maximum": 5], "invert": Schema.boolean]),
        "Image": Schema.object(
            ["id": Schema.id, "project_id": Schema.id, "file_name": Schema.string, "width": Schema.integer, "height": Schema.integer,
             "status": Schema.oneOf(ImageStatus.allCases.map(\.rawValue)), "format": Schema.oneOf(["jpeg", "png"]),
             "byte_size": Schema.integer, "sha256": Schema.string, "uploaded_at": Schema.time,
             "thumbnail_url": Schema.string, "display_url": Schema.string, "file_url": Schema.string, "tile_levels": Schema.integer],
            optional: ["can_review": Schema.boolean, "shape_count": Schema.integer, "tag_count": Schema.integer]),
        "Shape": shape,
        "Annotations": Schema.object(["revision": Schema.integer, "shapes": Schema.list(Schema.ref("Shape"))],
                                     optional: ["saved_by": Schema.string, "saved_at": Schema.time]),
        "Batch": Schema.object(["id": Schema.id, "name": Schema.string, "overdue": Schema.boolean, "mine": Schema.boolean, "total": Schema.integer,
                                "done": Schema.integer, "counts": Schema.map(Schema.integer), "created_at": Schema.time],
                               optional: ["assignee": Schema.string, "due_on": Schema.string]),
        "Comment": Schema.object(["id": Schema.id, "body": Schema.string, "revision": Schema.integer, "mentions": Schema.list(Schema.string),
                                  "created_at": Schema.time],
                                 optional: ["author": Schema.string, "shape_position": Schema.integer, "decision": Schema.oneOf(["accepted", "rejected"])]),
        "Notification": Schema.object(["comment_id": Schema.id, "unread": Schema.integer, "image_id": Schema.id, "project_id": Schema.id, "project_name": Schema.string,
                                       "file_name": Schema.string, "excerpt": Schema.string, "mention": Schema.boolean, "created_at": Schema.time],
                                      optional: ["author": Schema.string]),
        "PairAgreement": Schema.object(["first": Schema.string, "second": Schema.string, "images": Schema.integer],
                                       optional: ["box_f1": Schema.number, "tag_kappa": Schema.number]),
        "GroundTruth": Schema.object(["every": Schema.integer, "images": Schema.integer, "people": Schema.list(Schema.object(
            ["username": Schema.string, "images": Schema.integer], optional: ["box_f1": Schema.number, "tag_accuracy": Schema.number]))]),
        "Snapshot": Schema.object(["id": Schema.id, "name": Schema.string, "created_at": Schema.time, "image_count": Schema.integer,
                                   "shape_count": Schema.integer, "export_url": Schema.string]),
        "Job": Schema.object(
            ["id": Schema.id, "project_id": Schema.id, "kind": Schema.oneOf(JobKind.allCases.map(\.rawValue)),
             "state": Schema.oneOf(JobState.allCases.map(\.rawValue)), "config": Schema.anyObject, "progress": Schema.number,
             "attempts": Schema.integer, "cancel_requested": Schema.boolean, "created_at": Schema.time],
            optional: ["message": Schema.string, "started_at": Schema.time, "finished_at": Schema.time, "heartbeat_at": Schema.time,
                       "model_version_id": Schema.id, "model_version": Schema.ref("ModelVersion")]),
        "Model": Schema.object(["id": Schema.id, "name": Schema.string, "description": Schema.string, "version_count": Schema.integer,
                                "production_versions": Schema.list(Schema.integer), "staging_versions": Schema.list(Schema.integer),
                                "updated_at": Schema.time], optional: ["latest_version": Schema.integer]),
        "ModelVersion": Schema.object(
            ["id": Schema.id, "model_name": Schema.string, "version": Schema.integer, "stage": Schema.oneOf(stages),
             "source": Schema.string, "model_type": Schema.string, "framework": Schema.string, "created_at": Schema.time],
            // A version registered through MLflow from a source elsewhere has no artifact here.
            optional: ["artifact_sha256": Schema.string, "artifact_size": Schema.integer,
                       "metrics": Schema.anyObject, "parameters": Schema.anyObject, "evaluation": Schema.anyObject,
                       "labels": ["description": "The classes, in the model's output order (as registered)."],
                       "project_id": Schema.id, "job_id": Schema.id, "snapshot_id": Schema.id, "description": Schema.string,
                       "validation_warning": Schema.string]),
        "TransitionRequest": Schema.object(
            ["id": Schema.id, "version_id": Schema.id, "to_stage": Schema.oneOf(stages), "archive_existing": Schema.boolean,
             "reason": Schema.string, "requested_by": Schema.string, "requested_at": Schema.time,
             "state": Schema.oneOf(["pending", "approved", "rejected"])]),
        "Deployment": Schema.object(
            ["model_id": Schema.id, "model_name": Schema.string, "enabled": Schema.boolean, "endpoint": Schema.string],
            optional: ["reason": Schema.string, "changed_by": Schema.string, "changed_at": Schema.time,
                       "production_version": Schema.integer, "rollout": Schema.ref("Rollout")]),
        "Rollout": Schema.object(
            ["id": Schema.id, "model_id": Schema.id, "candidate_version": Schema.integer, "state": Schema.oneOf(RolloutState.allCases.map(\.rawValue)),
             "mode": Schema.oneOf(RolloutMode.allCases.map(\.rawValue)),
             "steps": Schema.list(Schema.number), "step": Schema.integer, "share": Schema.number, "dwell_seconds": Schema.integer,
             "guardrails": Schema.anyObject, "requested_by": Schema.string, "created_at": Schema.time],
            optional: ["events": Schema.list(Schema.anyObject), "readings": Schema.list(Schema.anyObject), "verdict": Schema.string,
                       "ended_at": Schema.time, "end_reason": Schema.string]),
        "ServedAnswer": Schema.object(
            [:], optional: ["model_name": Schema.string, "version": Schema.integer, "arm": Schema.oneOf(["stable", "candidate"]),
                            "rollout_id": Schema.id, "predictions": Schema.list(Schema.anyObject), "detections": Schema.list(Schema.anyObject),
                            "file": Schema.string, "image_id": Schema.id, "error": Schema.anyObject],
            description: "One image's answer: the version and arm that answered and its classes or boxes, or `error` for that image."),
        "Webhook": Schema.object(
            ["id": Schema.id, "url": Schema.string, "events": Schema.list(Schema.string), "description": Schema.string,
             "enabled": Schema.boolean, "allow_private": Schema.boolean, "created_at": Schema.time],
            optional: ["created_by": Schema.string, "secret": Schema.string]),
        "Delivery": Schema.object(
            ["id": Schema.id, "delivery_id": Schema.string, "event": Schema.string, "state": Schema.oneOf(["pending", "sending", "delivered", "failed"]), "attempts": Schema.integer,
             "created_at": Schema.time], optional: ["last_error": Schema.string, "next_attempt_at": Schema.time, "delivered_at": Schema.time]),
        "AuditEvent": Schema.object(["id": Schema.id, "at": Schema.time, "actor": Schema.string, "action": Schema.string,
                                     "target": Schema.string, "detail": Schema.string], optional: ["remote_address": Schema.string]),
    ]

    nonisolated(unsafe) static let roles = Role.allCases.map(\.rawValue)
    nonisolated(unsafe) static let stages = ModelStage.allCases.map(\.rawValue)

    nonisolated(unsafe) static let error = Schema.object([
        "error": Schema.object(
            ["code": ["type": "string", "description": "Stable and machine-readable: not_found, invalid_field, csrf_failed, …"],
             "message": ["type": "string", "description": "For people: what went wrong and what to do."]],
            optional: ["field": ["type": "string", "description": "The input at fault (`name`, `shapes[2].x`), if any."]]),
    ])

    /// An attribute's value: true or false, a number, or text (a choice is one of its options).
    nonisolated(unsafe) static let attributeValue: JSONSchema = ["type": ["boolean", "number", "string"]]

    /// One attribute a label's shapes carry.
    nonisolated(unsafe) static let attribute = Schema.object(
        ["name": Schema.text(1, 40), "kind": Schema.oneOf(AttributeSpec.Kind.allCases.map(\.rawValue))],
        optional: ["options": Schema.list(Schema.string), "min": Schema.number, "max": Schema.number, "default": attributeValue],
        description: "choice needs options; number may have min and max; default fits the kind.")

    /// A box (`bbox`: `x`, `y`, `w`, `h` in image pixels), a polygon (`points`: [[x, y], …]) or a tag.
    nonisolated(unsafe) static let shape = Schema.object(
        ["type": Schema.oneOf(["bbox", "polygon", "tag"]), "label_id": Schema.id],
        optional: ["x": Schema.number, "y": Schema.number, "w": Schema.number, "h": Schema.number,
                   "points": Schema.list(Schema.list(Schema.number)), "suggested_by_version_id": Schema.id,
                   "suggestion_id": Schema.id, "edited": Schema.boolean, "attributes": Schema.map(attributeValue)])
}
