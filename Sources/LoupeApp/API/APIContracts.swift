// Every operation's contract, keyed "METHOD /pattern" as the router knows it. A route without an
// entry fails OpenAPIDocumentTests.
import Domain
import Web

enum APIContracts {
    typealias C = OperationContract
    static let S = Schema.self

    static func key(_ route: Route) -> String { "\(route.method.rawValue) \(route.pattern)" }

    nonisolated(unsafe) static let all: [String: OperationContract] = accounts
        .merging(projects) { $1 }.merging(images) { $1 }.merging(datasets) { $1 }.merging(operations) { $1 }
        .merging(jobs) { $1 }.merging(registry) { $1 }.merging(serving) { $1 }.merging(webhooks) { $1 }.merging(mlflow) { $1 }
        .merging(teamWork) { $1 }

    static func contract(for route: Route) -> OperationContract? { all[key(route)] }

    nonisolated(unsafe) static let status = C.Query(name: "status", schema: S.oneOf(ImageStatus.allCases.map(\.rawValue)),
                                                   description: "Only images in this state.")
    nonisolated(unsafe) static let statuses: C.Query = {
        let one = "(" + ImageStatus.allCases.map(\.rawValue).joined(separator: "|") + ")"
        return C.Query(name: "status", schema: ["type": "string", "pattern": "^\(one)(,\(one))*$"],
                       description: "Only images in these states, comma-separated.")
    }()
    nonisolated(unsafe) static let limit = C.Query(name: "limit", schema: ["type": "integer", "minimum": 1, "maximum": 500], description: "How many to answer.")

    // MARK: - Accounts

    nonisolated(unsafe) static let accounts: [String: C] = [
        "GET /api/v1/me": C("Who is calling: the user, how they signed in, and the session's CSRF token.", 200, .json(S.object(
            ["user": S.ref("User"), "auth": S.oneOf(["session", "token"])],
            optional: ["csrf_token": S.string, "pending_promotions": S.integer]))),
        "GET /api/v1/tokens": C("The caller's API tokens (an admin's: everyone's with ?all=1).", 200, .json(S.listed("tokens", S.ref("Token"))),
                                query: [C.Query(name: "all", schema: S.oneOf(["0", "1"]), description: "Admins: every user's tokens.")]),
        "POST /api/v1/tokens": C("Create an API token; its secret is shown once.", 201,
                                 .json(S.object(["token": S.ref("Token"), "secret": S.string])),
                                 body: S.object(["name": S.text(1, 100)], optional: ["serve_model": S.string]),
                                 example: ["name": "nightly export"]),
        "DELETE /api/v1/tokens/{id}": C("Revoke a token (the caller's own, or anyone's for an admin).", 204, .empty, conflicts: false),
        "GET /api/v1/users": C("Every user (admins).", 200, .json(S.listed("users", S.ref("User")))),
        "POST /api/v1/users": C("Create a user (admins).", 201, .json(S.ref("User")),
                                body: S.object(["username": S.string, "password": S.string, "role": S.oneOf(APISchemas.roles)]),
                                example: ["username": "ana", "password": "correct horse battery staple", "role": "annotator"]),
        "GET /api/v1/users/{id}": C("One user (admins).", 200, .json(S.ref("User"))),
        "PATCH /api/v1/users/{id}": C("Change a user's role or disable them (admins).", 200, .json(S.ref("User")),
                                      body: S.object([:], optional: ["role": S.oneOf(APISchemas.roles), "disabled": S.boolean]),
                                      example: ["role": "reviewer"]),
        "PUT /api/v1/users/{id}/password": C("Set a password (your own needs current_password).", 204, .empty,
                                             body: S.object(["password": S.string], optional: ["current_password": S.string]),
                                             example: ["password": "a new long passphrase", "current_password": "the old one"], conflicts: false),
    ]

    // MARK: - Projects

    nonisolated(unsafe) static let projects: [String: C] = [
        "GET /api/v1/projects": C("The projects the caller may see.", 200, .json(S.listed("projects", S.ref("Project"))),
                                  query: [C.Query(name: "archived", schema: S.oneOf(["0", "1"]), description: "Include archived projects.")]),
        "POST /api/v1/projects": C("Create a project.", 201, .json(S.ref("Project")),
                                   body: S.object(["name": S.string], optional: ["description": S.string]),
                                   example: ["name": "Birds", "description": "Garden feeder photos"]),
        "GET /api/v1/projects/{id}": C("One project, with whether the caller may review it.", 200, .json(S.ref("Project"))),
        "PATCH /api/v1/projects/{id}": C("Rename, describe or archive a project.", 200, .json(S.ref("Project")),
                                         body: S.object([:], optional: ["name": S.string, "description": S.string, "archived": S.boolean]),
                                         example: ["archived": true]),
        "GET /api/v1/projects/{id}/members": C("The project's members and their roles.", 200, .json(S.listed("members", S.ref("Member")))),
        "POST /api/v1/projects/{id}/members": C("Add a member, or change their role (by user_id or username).", 201, .json(S.ref("Member")),
                                                body: S.object(["role": S.oneOf(APISchemas.roles)], optional: ["user_id": S.id, "username": S.string]),
                                                example: ["username": "ana", "role": "annotator"]),
        "DELETE /api/v1/projects/{id}/members/{userId}": C("Remove a member.", 204, .empty),
        "GET /api/v1/projects/{id}/labels": C("The project's labels, in their order.", 200, .json(S.listed("labels", S.ref("Label")))),
        "POST /api/v1/projects/{id}/labels": C("Add a label.", 201, .json(S.ref("Label")),
                                               body: S.object(["name": S.string],
                                                              optional: ["color": S.string, "hotkey": S.string, "suggestion_threshold": S.number,
                                                                         "attributes": S.list(S.ref("Attribute"))]),
                                               example: ["name": "car", "color": "#e5484d", "hotkey": "1",
                                                         "attributes": [["name": "occluded", "kind": "boolean"],
                                                                        ["name": "colour", "kind": "choice", "options": ["red", "blue"]]]]),
        "PUT /api/v1/projects/{id}/labels/order": C("Put the labels in this order.", 200, .json(S.listed("labels", S.ref("Label"))),
                                                    body: S.object(["label_ids": S.list(S.id)]), example: ["label_ids": [3, 1, 2]], conflicts: false),
        "PATCH /api/v1/labels/{id}": C("Rename, recolour or rekey a label (hotkey null clears it), or replace its attributes "
                                       + "(values its shapes hold that no longer fit are dropped).", 200, .json(S.ref("Label")),
                                       body: S.object([:], optional: ["name": S.string, "color": S.string, "hotkey": S.string,
                                                                      "suggestion_threshold": S.number, "attributes": S.list(S.ref("Attribute"))]),
                                       example: ["color": "#3e63dd"]),
        "DELETE /api/v1/labels/{id}": C("Delete a label; shapes that use it need ?reassign_to=ID.", 204, .empty,
                                        query: [C.Query(name: "reassign_to", schema: S.id, description: "Move its shapes to this label first.")]),
        "GET /api/v1/projects/{id}/dashboard": C("Progress, label counts, daily work, review and agreement figures.", 200, .json(S.object(
            ["status_counts": S.map(S.integer), "labels": S.list(S.anyObject), "daily_work": S.list(S.anyObject), "review": S.anyObject],
            optional: ["agreement": S.anyObject, "suggestions": S.list(S.anyObject), "batches": S.list(S.ref("Batch"))]))),
        "GET /api/v1/projects/{id}/next": C("Hold and answer the next image to label (null when none is left).", 200, .json(S.object(
            ["hold_seconds": S.integer], optional: ["image": S.ref("Image"), "reserved_for_others": S.integer])),
            query: [C.Query(name: "skip", schema: S.id, description: "Pass over this image.")]),
        "GET /api/v1/projects/{id}/queue": C("How the labelling queue is ordered, and its scores.", 200, .json(queueSettings)),
        "PUT /api/v1/projects/{id}/queue": C("Order the queue by a strategy and a version's scores.", 200, .json(queueSettings),
                                             body: S.object([:], optional: ["strategy": S.oneOf(AcquisitionStrategy.allCases.map(\.rawValue)),
                                                                            "diversity": S.boolean, "model_version_id": S.id]),
                                             example: ["strategy": "margin", "diversity": true], conflicts: false),
        "GET /api/v1/projects/{id}/queue/images": C("The queue's images in their order, with their scores.", 200, .json(S.object(
            ["images": S.list(S.object(["image": S.ref("Image"), "rank": S.integer],
                                       optional: ["score": S.number, "predicted_label": S.string, "confidence": S.number]))],
            optional: ["next_offset": S.integer])),
            query: [limit, C.Query(name: "offset", schema: ["type": "integer", "minimum": 0], description: "Skip this many.")]),
    ]

    nonisolated(unsafe) static let queueSettings = S.object(
        ["strategy": S.string, "diversity": S.boolean, "scored": S.integer],
        optional: ["scored_with": S.id, "scored_strategy": S.string, "scored_at": S.time, "histogram": S.list(S.integer),
                   "min_score": S.number, "max_score": S.number])

    // MARK: - Images

    nonisolated(unsafe) static let images: [String: C] = [
        "POST /api/v1/projects/{id}/images": C("Upload an image as the body (JPEG or PNG), or many as multipart files.", 201,
                                               .json(S.object(["image": S.ref("Image"), "duplicate": S.boolean])),
                                               query: [C.Query(name: "file_name", schema: S.string, description: "The image's file name.")],
                                               image: true, errors: [413])
            .also(200, .json(S.object([:], optional: ["image": S.ref("Image"), "duplicate": S.boolean, "results": S.list(S.anyObject)],
                                      description: "A duplicate of an image already there, or a multipart upload's results, one per file."))),
        "GET /api/v1/projects/{id}/images": C("The project's images in upload order, a page at a time.", 200, .json(S.object(
            ["images": S.list(S.ref("Image"))], optional: ["next_after": S.id, "counts": S.map(S.integer)])),
            query: [limit, C.Query(name: "after", schema: S.integer, description: "Start after this image id (the last page's next_after)."),
                    status]),
        "GET /api/v1/images/{id}": C("One image.", 200, .json(S.ref("Image"))),
        "GET /api/v1/images/{id}/file": C("The image file as uploaded.", 200, .file(["image/jpeg", "image/png"])),
        "GET /api/v1/images/{id}/display": C("The image as the editor shows it (at most 2048 px).", 200, .file(["image/jpeg", "image/png"])),
        "GET /api/v1/images/{id}/thumbnail": C("A 256 px thumbnail.", 200, .file(["image/jpeg"])),
        "GET /api/v1/images/{id}/tiles/{level}/{x}/{y}": C("One 256 px JPEG tile of the image's pyramid (level 0 is full size; `tile_levels` on the image says how many).",
                                                           200, .file(["image/jpeg"])),
        "GET /api/v1/images/{id}/neighbors": C("The previous and next images in the project.", 200, .json(S.object(
            [:], optional: ["previous_id": S.id, "next_id": S.id])), query: [status]),
        "GET /api/v1/images/{id}/annotations": C("The image's shapes and their revision.", 200, .json(S.ref("Annotations"))),
        "PUT /api/v1/images/{id}/annotations": C("Save the image's shapes; `revision` must be the one you loaded (else 409).", 200,
                                                 .json(S.ref("Annotations")),
                                                 body: S.object(["revision": ["type": "integer", "minimum": 0], "shapes": S.list(S.ref("Shape"))],
                                                                optional: ["rejected_suggestions": S.list(S.id), "open_suggestions": S.list(S.id)]),
                                                 example: ["revision": 0, "shapes": [["type": "bbox", "label_id": 1, "x": 10, "y": 12, "w": 40, "h": 30]]]),
        "POST /api/v1/images/{id}/propagate": C("Add shapes to the next images of the project (clamped to each); says which changed and which were skipped.",
                                                200, .json(S.object(["changed": S.list(S.object(["image_id": S.id, "revision": S.integer, "added": S.integer])),
                                                                     "skipped": S.list(S.object(["image_id": S.id, "reason": S.string]))])),
                                                body: S.object(["shapes": S.list(S.ref("Shape")), "count": ["type": "integer", "minimum": 1, "maximum": 100]],
                                                               optional: ["status": S.oneOf(ImageStatus.allCases.map(\.rawValue))]),
                                                example: ["shapes": [["type": "bbox", "label_id": 1, "x": 10, "y": 12, "w": 40, "h": 30]], "count": 5]),
        "POST /api/v1/images/{id}/smart-polygon": C("Propose a polygon for the object in a rough box (GrabCut on the display rendition); nothing is saved.",
                                                    200, .json(S.object(["points": S.list(S.list(S.number)), "vertices": S.integer,
                                                                         "algorithm": S.string, "milliseconds": S.integer])),
                                                    body: S.object(["box": S.list(S.number)],
                                                                   optional: ["include": S.list(S.list(S.number)), "exclude": S.list(S.list(S.number)),
                                                                              "max_vertices": ["type": "integer", "minimum": 3, "maximum": 200]]),
                                                    example: ["box": [120, 80, 200, 150], "include": [[220, 150]]], conflicts: false),
        "GET /api/v1/projects/{id}/editor-settings": C("Your image adjustments for the project's images in the editor.", 200,
                                                       .json(S.ref("ImageAdjustments"))),
        "PUT /api/v1/projects/{id}/editor-settings": C("Keep your image adjustments for the project (the whole set).", 200,
                                                       .json(S.ref("ImageAdjustments")), body: S.ref("ImageAdjustments"),
                                                       example: ["brightness": 20, "contrast": 10, "gamma": 1.4, "invert": false], conflicts: false),
        "GET /api/v1/images/{id}/suggestion": C("The trained model's tag suggestion for the image, if any.", 200, .json(S.object(
            [:], optional: ["suggestion": S.object(["label": S.string, "confidence": S.number],
                                                   optional: ["label_id": S.id, "model_version_id": S.id, "rank": S.integer])]))),
        "GET /api/v1/images/{id}/box-suggestions": C("A detector's open box suggestions for the image.", 200,
                                                     .json(S.listed("suggestions", S.anyObject))),
        "POST /api/v1/images/{id}/hold": C("Keep holding the image while labelling it.", 200, .json(S.object(["hold_seconds": S.integer]))),
        "POST /api/v1/images/{id}/submit": C("Submit the image for review (optionally at a revision).", 200, .json(S.ref("Image")),
                                             body: S.object([:], optional: ["revision": S.integer]), required: false, example: ["revision": 3]),
        "POST /api/v1/images/{id}/review": C("Accept or reject a submitted image (reviewers).", 200, .json(S.ref("Image")),
                                             body: S.object(["decision": S.oneOf(["accept", "reject"])], optional: ["comment": S.string]),
                                             example: ["decision": "reject", "comment": "The second robin is missing."]),
        "GET /api/v1/images/{id}/reviews": C("The image's review decisions.", 200, .json(S.listed("reviews", S.anyObject))),
    ]

    // MARK: - Datasets

    nonisolated(unsafe) static let snapshot = C.Query(name: "snapshot", schema: S.string, description: "A snapshot's id or name; the live project without it.")
    nonisolated(unsafe) static let datasetExport: [C.Query] = [
        snapshot, statuses,
        C.Query(name: "images", schema: S.oneOf(["original", "none"]), description: "Put the original image files in the zip (default original)."),
        C.Query(name: "splits", schema: S.oneOf(["train", "val", "train,val"]), description: "Which sides of the train/val split to export (default both)."),
        C.Query(name: "val_fraction", schema: ["type": "number", "minimum": 0, "maximum": 0.9],
                description: "The share of images in val, by the same stable hash training uses (default 0.2)."),
    ]

    nonisolated(unsafe) static let importQuery: [C.Query] = [
        C.Query(name: "dry_run", schema: S.oneOf(["0", "1"]), description: "1: check everything and report what would happen; change nothing."),
        C.Query(name: "create_labels", schema: S.oneOf(["0", "1"]), description: "0: a label the project lacks is an error (default 1: create it)."),
    ]
    nonisolated(unsafe) static let importReport = S.object([
        "dry_run": S.boolean, "images": S.integer, "images_created": S.integer, "shapes": S.integer, "suggestions": S.integer,
        "labels_created": S.integer, "new_labels": S.list(S.string), "files": S.list(S.anyObject), "skipped": S.list(S.anyObject),
    ])

    nonisolated(unsafe) static let datasets: [String: C] = [
        "GET /api/v1/projects/{id}/export/yolo": C("The project (or a snapshot) in Ultralytics' YOLO layout, as a zip, streamed.", 200, .file(["application/zip"]),
            query: datasetExport + [C.Query(name: "task", schema: S.oneOf(["detect", "segment"]), description: "Boxes (default) or polygons per line.")]),
        "GET /api/v1/projects/{id}/export/voc": C("The project (or a snapshot) as Pascal VOC XML, as a zip, streamed.", 200, .file(["application/zip"]),
            query: datasetExport),
        "GET /api/v1/projects/{id}/export/cvat": C("The project (or a snapshot) as CVAT for images 1.1 XML, as a zip, streamed.", 200, .file(["application/zip"]),
            query: datasetExport),
        "GET /api/v1/projects/{id}/export/label-studio": C("The project (or a snapshot) as Label Studio JSON tasks with a labelling config, as a zip, streamed.",
            200, .file(["application/zip"]), query: datasetExport),
        "GET /api/v1/projects/{id}/snapshots": C("The project's frozen snapshots.", 200, .json(S.listed("snapshots", S.ref("Snapshot")))),
        "POST /api/v1/projects/{id}/snapshots": C("Freeze the accepted images and their shapes under a name.", 201, .json(S.ref("Snapshot")),
                                                  body: S.object(["name": S.string]), example: ["name": "v1"]),
        "GET /api/v1/projects/{id}/export/coco": C("The project (or a snapshot) as COCO JSON, streamed.", 200, .json(S.object(
            ["images": S.list(S.anyObject), "categories": S.list(S.anyObject)], optional: ["annotations": S.list(S.anyObject), "info": S.anyObject])),
            query: [snapshot, statuses]),
        "GET /api/v1/projects/{id}/export/coco-results": C("A version's predictions on the project as COCO results JSON.", 200,
                                                           .json(["type": "array", "items": S.anyObject]),
                                                           query: [C.Query(name: "model_version", schema: S.id, description: "The version whose predictions to export.", required: true)]),
        "POST /api/v1/projects/{id}/import/coco": C("Import a COCO file (or a .zip with its images) as the body.",
                                                    200, .json(importReport), query: importQuery,
                                                    body: S.object(["images": S.list(S.anyObject), "categories": S.list(S.anyObject)],
                                                                   optional: ["annotations": S.list(S.anyObject)]),
                                                    required: false, example: ["images": [["id": 1, "file_name": "robin.jpg", "width": 640, "height": 480]],
                                                                               "annotations": [], "categories": [["id": 1, "name": "robin"]]],
                                                    errors: [413]),
        "POST /api/v1/projects/{id}/import/yolo": C("Import a zip in Ultralytics' YOLO layout (data.yaml, labels/, optionally images/) as the body.",
                                                    200, .json(importReport), query: importQuery, errors: [400, 413]),
        "POST /api/v1/projects/{id}/import/voc": C("Import Pascal VOC XML (a zip of Annotations/ and optionally JPEGImages/) as the body.",
                                                   200, .json(importReport), query: importQuery, errors: [400, 413]),
        "POST /api/v1/projects/{id}/import/cvat": C("Import CVAT for images 1.1 XML (or a zip of it and images/) as the body.",
                                                    200, .json(importReport), query: importQuery, errors: [400, 413]),
        "POST /api/v1/projects/{id}/import/label-studio": C("Import Label Studio JSON tasks (or a zip of them and images); predictions become suggestions.",
                                                            200, .json(importReport), query: importQuery, errors: [400, 413]),
        "POST /api/v1/projects/{id}/import/via": C("Import a VIA 2 JSON or CSV file (or a zip of it and its images) as the body.",
                                                   200, .json(importReport), query: importQuery, errors: [400, 413]),
    ]

    // MARK: - Operations

    nonisolated(unsafe) static let operations: [String: C] = [
        "GET /api/v1/health": C("Whether the worker and its database answer.", 200, .json(health)).also(503, .json(health)),
        "GET /api/v1/audit": C("The audit log, newest first (admins).", 200, .json(S.listed("events", S.ref("AuditEvent"))),
                               query: [C.Query(name: "limit", schema: ["type": "integer", "minimum": 1, "maximum": 1000], description: "How many to answer."),
                                       C.Query(name: "before", schema: S.integer, description: "Only events older than this id.")]),
        "GET /api/v1/openapi.json": C("This document.", 200, .json(S.object(["openapi": S.string, "paths": S.anyObject]))),
    ]

    nonisolated(unsafe) static let health = S.object(["status": S.oneOf(["ok", "unavailable"]), "database": S.string, "version": S.string],
                                 optional: ["schema": S.string])
}
