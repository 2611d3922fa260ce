// Versioned migrations. Append-only: never edit one that has shipped; add the next.
internal import GRDB

enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-accounts") { db in
            try db.create(table: "users") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("username", .text).notNull().unique().collate(.nocase)
                t.column("password_hash", .text).notNull()
                t.column("role", .text).notNull()
                    .check(sql: "role IN ('annotator','reviewer','data','admin')")
                t.column("disabled", .boolean).notNull().defaults(to: false)
                t.column("created_at", .datetime).notNull()
                t.column("password_changed_at", .datetime).notNull()
            }
            try db.create(table: "sessions") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("token_hash", .text).notNull().unique()
                t.column("user_id", .integer).notNull().indexed().references("users", onDelete: .cascade)
                t.column("created_at", .datetime).notNull()
                t.column("expires_at", .datetime).notNull().indexed()
                t.column("remote_address", .text).notNull()
                t.column("user_agent", .text).notNull()
            }
            try db.create(table: "api_tokens") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("user_id", .integer).notNull().indexed().references("users", onDelete: .cascade)
                t.column("name", .text).notNull()
                t.column("token_hash", .text).notNull().unique()
                t.column("display_prefix", .text).notNull()
                t.column("created_at", .datetime).notNull()
                t.column("last_used_at", .datetime)
                t.column("revoked_at", .datetime)
            }
            try db.create(table: "audit_log") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("at", .datetime).notNull().indexed()
                t.column("actor_id", .integer).references("users", onDelete: .setNull)
                t.column("actor_name", .text).notNull()
                t.column("action", .text).notNull()
                t.column("target", .text).notNull()
                t.column("detail", .text).notNull()
                t.column("remote_address", .text).notNull()
            }
            try db.create(table: "login_failures") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("username", .text).notNull()
                t.column("remote_address", .text).notNull()
                t.column("at", .datetime).notNull()
            }
            try db.create(index: "login_failures_by_username", on: "login_failures", columns: ["username", "at"])
            try db.create(index: "login_failures_by_address", on: "login_failures", columns: ["remote_address", "at"])
        }
        migrator.registerMigration("v2-projects") { db in
            try db.create(table: "projects") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull().unique().collate(.nocase)
                t.column("description", .text).notNull().defaults(to: "")
                t.column("archived", .boolean).notNull().defaults(to: false)
                t.column("created_by", .integer).references("users", onDelete: .setNull)
                t.column("created_at", .datetime).notNull()
            }
            try db.create(table: "project_members") { t in
                t.column("project_id", .integer).notNull().references("projects", onDelete: .cascade)
                t.column("user_id", .integer).notNull().indexed().references("users", onDelete: .cascade)
                t.column("role", .text).notNull()
                    .check(sql: "role IN ('annotator','reviewer','data','admin')")
                t.column("added_at", .datetime).notNull()
                t.primaryKey(["project_id", "user_id"])
            }
        }
        migrator.registerMigration("v3-images") { db in
            try db.create(table: "images") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("project_id", .integer).notNull().references("projects", onDelete: .cascade)
                t.column("file_name", .text).notNull()
                t.column("sha256", .text).notNull()
                t.column("format", .text).notNull()
                t.column("byte_size", .integer).notNull()
                t.column("width", .integer).notNull()
                t.column("height", .integer).notNull()
                t.column("orientation", .integer).notNull()
                t.column("original_path", .text).notNull()
                t.column("thumbnail_path", .text).notNull()
                t.column("display_path", .text)
                t.column("status", .text).notNull().defaults(to: "new")
                    .check(sql: "status IN ('new','in_progress','submitted','accepted','rejected')")
                t.column("uploaded_by", .integer).references("users", onDelete: .setNull)
                t.column("uploaded_at", .datetime).notNull()
                t.uniqueKey(["project_id", "sha256"])
            }
            // Keyset pages of a project's images, optionally by status, in upload order.
            try db.create(index: "images_by_project_status", on: "images", columns: ["project_id", "status", "id"])
        }
        migrator.registerMigration("v4-annotations") { db in
            try db.create(table: "labels") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("project_id", .integer).notNull().references("projects", onDelete: .cascade)
                t.column("name", .text).notNull().collate(.nocase)
                t.column("color", .text).notNull()
                t.column("hotkey", .text)
                t.column("created_at", .datetime).notNull()
                t.uniqueKey(["project_id", "name"])
            }
            try db.create(table: "shapes") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("image_id", .integer).notNull().indexed().references("images", onDelete: .cascade)
                t.column("label_id", .integer).notNull().indexed().references("labels", onDelete: .restrict)
                t.column("kind", .text).notNull().check(sql: "kind IN ('bbox','polygon','tag')")
                t.column("x", .double)
                t.column("y", .double)
                t.column("w", .double)
                t.column("h", .double)
                t.column("points", .text)  // JSON [[x,y],…] for polygons
                t.column("position", .integer).notNull()
            }
            try db.alter(table: "images") { t in
                t.add(column: "revision", .integer).notNull().defaults(to: 0)
            }
            // Every save, whole, so work can be traced and restored.
            try db.create(table: "annotation_revisions") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("image_id", .integer).notNull().references("images", onDelete: .cascade)
                t.column("revision", .integer).notNull()
                t.column("user_id", .integer).references("users", onDelete: .setNull)
                t.column("saved_at", .datetime).notNull()
                t.column("shapes", .text).notNull()
                t.uniqueKey(["image_id", "revision"])
            }
        }
        migrator.registerMigration("v5-review-snapshots") { db in
            // Export and the editor read an image's shapes in order.
            try db.create(index: "shapes_by_image_position", on: "shapes", columns: ["image_id", "position"])
            try db.drop(index: "shapes_on_image_id")  // the new index covers it
            // A project's images in id order (exports walk them without sorting), and each image's
            // tags without visiting its other shapes.
            try db.create(index: "images_by_project", on: "images", columns: ["project_id", "id"])
            try db.create(index: "tags_by_image", on: "shapes", columns: ["image_id", "label_id"], condition: Column("kind") == "tag")
            try db.create(table: "reviews") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("image_id", .integer).notNull().indexed().references("images", onDelete: .cascade)
                t.column("reviewer_id", .integer).references("users", onDelete: .setNull)
                t.column("decision", .text).notNull().check(sql: "decision IN ('accepted','rejected')")
                t.column("comment", .text).notNull()
                t.column("revision", .integer).notNull()
                t.column("at", .datetime).notNull()
            }
            // A snapshot copies what it freezes, so later edits, renames and deletions never reach it.
            try db.create(table: "snapshots") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("project_id", .integer).notNull().references("projects", onDelete: .cascade)
                t.column("name", .text).notNull().collate(.nocase)
                t.column("created_by", .integer).references("users", onDelete: .setNull)
                t.column("created_at", .datetime).notNull()
                t.column("image_count", .integer).notNull()
                t.column("shape_count", .integer).notNull()
                t.uniqueKey(["project_id", "name"])
            }
            try db.create(table: "snapshot_labels") { t in
                t.column("snapshot_id", .integer).notNull().references("snapshots", onDelete: .cascade)
                t.column("label_id", .integer).notNull()
                t.column("name", .text).notNull()
                t.column("color", .text).notNull()
                t.primaryKey(["snapshot_id", "label_id"])
            }
            try db.create(table: "snapshot_images") { t in
                t.column("snapshot_id", .integer).notNull().references("snapshots", onDelete: .cascade)
                t.column("image_id", .integer).notNull()
                t.column("file_name", .text).notNull()
                t.column("width", .integer).notNull()
                t.column("height", .integer).notNull()
                t.primaryKey(["snapshot_id", "image_id"])
            }
            try db.create(table: "snapshot_shapes") { t in
                t.column("snapshot_id", .integer).notNull().references("snapshots", onDelete: .cascade)
                t.column("image_id", .integer).notNull()
                t.column("label_id", .integer).notNull()
                t.column("kind", .text).notNull()
                t.column("x", .double)
                t.column("y", .double)
                t.column("w", .double)
                t.column("h", .double)
                t.column("points", .text)
                t.column("position", .integer).notNull()
            }
            try db.create(index: "snapshot_shapes_in_order", on: "snapshot_shapes", columns: ["snapshot_id", "image_id", "position"])
        }
        migrator.registerMigration("v6-training") { db in
            try db.create(table: "registered_models") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull().unique().collate(.nocase)
                t.column("description", .text).notNull().defaults(to: "")
                t.column("created_by", .integer).references("users", onDelete: .setNull)
                t.column("created_at", .datetime).notNull()
                t.column("updated_at", .datetime).notNull()
            }
            try db.create(table: "jobs") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("project_id", .integer).notNull().indexed().references("projects", onDelete: .cascade)
                t.column("kind", .text).notNull().check(sql: "kind IN ('train','search')")
                t.column("config", .text).notNull()  // normalised JSON: every default written out
                t.column("state", .text).notNull().defaults(to: "queued")
                    .check(sql: "state IN ('queued','running','succeeded','failed','cancelled')")
                t.column("priority", .integer).notNull().defaults(to: 0)
                t.column("created_by", .integer).references("users", onDelete: .setNull)
                t.column("created_at", .datetime).notNull()
                t.column("started_at", .datetime)
                t.column("finished_at", .datetime)
                t.column("lease_owner", .text)
                t.column("lease_expires_at", .datetime)
                t.column("heartbeat_at", .datetime)
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("cancel_requested", .boolean).notNull().defaults(to: false)
                t.column("progress", .double).notNull().defaults(to: 0)
                t.column("message", .text).notNull().defaults(to: "")
                t.column("model_version_id", .integer)
            }
            // The claim query: the oldest of the highest priority among queued jobs.
            try db.create(index: "jobs_queue", on: "jobs", columns: ["state", "priority", "id"])
            try db.create(table: "job_metrics") { t in
                t.column("job_id", .integer).notNull().references("jobs", onDelete: .cascade)
                t.column("trial", .integer).notNull()
                t.column("epoch", .integer).notNull()
                t.column("train_loss", .double).notNull()
                t.column("train_accuracy", .double).notNull()
                t.column("validation_loss", .double).notNull()
                t.column("validation_accuracy", .double).notNull()
                t.column("learning_rate", .double).notNull()
                t.column("samples_per_second", .double).notNull()
                t.column("at", .datetime).notNull()
                t.primaryKey(["job_id", "trial", "epoch"])
            }
            try db.create(table: "job_trials") { t in
                t.column("job_id", .integer).notNull().references("jobs", onDelete: .cascade)
                t.column("trial", .integer).notNull()
                t.column("parameters", .text).notNull()  // JSON
                t.column("validation_loss", .double).notNull()
                t.column("validation_accuracy", .double).notNull()
                t.column("epochs", .integer).notNull()
                t.primaryKey(["job_id", "trial"])
            }
            try db.create(table: "model_versions") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("model_id", .integer).notNull().references("registered_models", onDelete: .cascade)
                t.column("version", .integer).notNull()
                t.column("stage", .text).notNull().defaults(to: "None")
                    .check(sql: "stage IN ('None','Staging','Production','Archived')")
                t.column("artifact_path", .text)
                t.column("artifact_sha256", .text)
                t.column("artifact_size", .integer)
                t.column("model_type", .text).notNull()
                t.column("framework", .text).notNull()
                t.column("source", .text).notNull().check(sql: "source IN ('trained','uploaded','external')")
                t.column("source_reference", .text).notNull().defaults(to: "")
                t.column("metrics", .text).notNull().defaults(to: "{}")      // JSON name → number
                t.column("parameters", .text).notNull().defaults(to: "{}")   // JSON name → value
                t.column("evaluation", .text).notNull().defaults(to: "{}")   // JSON: per-class scores, confusion matrix
                t.column("labels", .text).notNull().defaults(to: "[]")       // JSON class names, in output order
                t.column("project_id", .integer).references("projects", onDelete: .setNull)
                t.column("job_id", .integer).references("jobs", onDelete: .setNull)
                t.column("snapshot_id", .integer).references("snapshots", onDelete: .setNull)
                t.column("description", .text).notNull().defaults(to: "")
                t.column("created_by", .integer).references("users", onDelete: .setNull)
                t.column("created_at", .datetime).notNull()
                t.uniqueKey(["model_id", "version"])
            }
        }
        migrator.registerMigration("v7-registry") { db in
            // Append-only: a version's stage changes are never edited or deleted.
            try db.create(table: "stage_transitions") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("version_id", .integer).notNull().indexed().references("model_versions", onDelete: .cascade)
                t.column("from_stage", .text).notNull()
                t.column("to_stage", .text).notNull()
                t.column("user_id", .integer).references("users", onDelete: .setNull)
                t.column("username", .text).notNull()
                t.column("at", .datetime).notNull()
                t.column("reason", .text).notNull()
                t.column("archived_versions", .text).notNull().defaults(to: "[]")  // JSON version numbers moved to Archived
                t.column("request_id", .integer)
            }
            try db.create(table: "model_aliases") { t in
                t.column("model_id", .integer).notNull().references("registered_models", onDelete: .cascade)
                t.column("alias", .text).notNull()
                t.column("version_id", .integer).notNull().references("model_versions", onDelete: .cascade)
                t.column("updated_at", .datetime).notNull()
                t.primaryKey(["model_id", "alias"])
            }
            try db.create(table: "alias_history") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("model_id", .integer).notNull().indexed().references("registered_models", onDelete: .cascade)
                t.column("alias", .text).notNull()
                t.column("version", .integer)           // nil: the alias was deleted
                t.column("previous_version", .integer)
                t.column("username", .text).notNull()
                t.column("at", .datetime).notNull()
            }
            try db.create(table: "transition_requests") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("version_id", .integer).notNull().indexed().references("model_versions", onDelete: .cascade)
                t.column("to_stage", .text).notNull().check(sql: "to_stage IN ('None','Staging','Production','Archived')")
                t.column("archive_existing", .boolean).notNull()
                t.column("reason", .text).notNull()
                t.column("requested_by", .integer).references("users", onDelete: .setNull)
                t.column("requested_by_name", .text).notNull()
                t.column("requested_at", .datetime).notNull()
                t.column("state", .text).notNull().defaults(to: "pending")
                    .check(sql: "state IN ('pending','approved','rejected')")
                t.column("decided_by_name", .text)
                t.column("decided_at", .datetime)
                t.column("decision_comment", .text)
            }
            try db.create(table: "model_tags") { t in
                t.column("model_id", .integer).notNull().references("registered_models", onDelete: .cascade)
                t.column("key", .text).notNull()
                t.column("value", .text).notNull()
                t.primaryKey(["model_id", "key"])
            }
            try db.create(table: "model_version_tags") { t in
                t.column("version_id", .integer).notNull().references("model_versions", onDelete: .cascade)
                t.column("key", .text).notNull()
                t.column("value", .text).notNull()
                t.primaryKey(["version_id", "key"])
            }
            // Finding a model's versions in a stage (latest versions, archive-existing).
            try db.create(index: "model_versions_by_stage", on: "model_versions", columns: ["model_id", "stage", "version"])
        }
        migrator.registerMigration("v8-active-learning") { db in
            // Scoring jobs join training and search. SQLite cannot alter a CHECK, so the table is
            // rebuilt (GRDB defers foreign-key checks to the end of the migration).
            try rebuildJobsTable(db, kinds: ["train", "search", "score"])

            // The latest scoring of each unlabelled image: where it stands in the queue and what the model guessed.
            try db.create(table: "image_scores") { t in
                t.column("image_id", .integer).primaryKey().references("images", onDelete: .cascade)
                t.column("project_id", .integer).notNull().references("projects", onDelete: .cascade)
                t.column("model_version_id", .integer).references("model_versions", onDelete: .setNull)
                t.column("strategy", .text).notNull()
                t.column("score", .double).notNull()
                t.column("rank", .integer).notNull()
                t.column("predicted_label", .text).notNull()
                t.column("confidence", .double).notNull()
                t.column("scored_at", .datetime).notNull()
            }
            try db.create(index: "image_scores_by_rank", on: "image_scores", columns: ["project_id", "rank"])
            // Who is labelling an image right now: /next never hands it to someone else until it expires.
            try db.create(table: "image_holds") { t in
                t.column("image_id", .integer).primaryKey().references("images", onDelete: .cascade)
                t.column("project_id", .integer).notNull().indexed().references("projects", onDelete: .cascade)
                t.column("user_id", .integer).notNull().references("users", onDelete: .cascade)
                t.column("expires_at", .datetime).notNull()
            }
            try db.alter(table: "projects") { t in
                t.add(column: "al_strategy", .text).notNull().defaults(to: "margin")
                t.add(column: "al_diversity", .boolean).notNull().defaults(to: true)
                t.add(column: "al_model_version_id", .integer)  // nil: the project's Production version, else its newest
            }
            // A tag accepted from a model's suggestion remembers which version suggested it.
            try db.alter(table: "shapes") { t in
                t.add(column: "suggested_by_version_id", .integer)
            }
        }
        migrator.registerMigration("v9-label-order") { db in
            // The data team orders labels on the project page; existing ones keep their creation order.
            try db.alter(table: "labels") { t in
                t.add(column: "position", .integer).notNull().defaults(to: 0)
            }
            try db.execute(sql: "UPDATE labels SET position = id")
        }
        migrator.registerMigration("v10-box-suggestions") { db in
            // Predict jobs join the others: the jobs table is rebuilt for its CHECK, as in v8.
            try rebuildJobsTable(db, kinds: ["train", "search", "score", "predict"])

            // Boxes a detector proposes on an image, beside its shapes until someone accepts or rejects them.
            try db.create(table: "box_suggestions") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("image_id", .integer).notNull().references("images", onDelete: .cascade)
                t.column("model_version_id", .integer).notNull().references("model_versions", onDelete: .cascade)
                t.column("label_id", .integer).notNull().references("labels", onDelete: .cascade)
                t.column("x", .double).notNull()
                t.column("y", .double).notNull()
                t.column("w", .double).notNull()
                t.column("h", .double).notNull()
                t.column("score", .double).notNull()
                t.column("state", .text).notNull().defaults(to: "open").check(sql: "state IN ('open','accepted','rejected')")
                t.column("created_at", .datetime).notNull()
            }
            try db.create(index: "box_suggestions_by_image", on: "box_suggestions", columns: ["image_id", "state"])
        }
        migrator.registerMigration("v11-suggestion-decisions") { db in
            // An accepted box remembers its suggestion; the suggestion whether it was edited before it
            // was kept, so a version's usefulness can be counted. Each label has its own score threshold
            // for "accept all".
            try db.alter(table: "shapes") { t in
                t.add(column: "suggestion_id", .integer).references("box_suggestions", onDelete: .setNull)
            }
            try db.alter(table: "box_suggestions") { t in
                t.add(column: "edited", .boolean).notNull().defaults(to: false)
                t.add(column: "decided_at", .datetime)
            }
            try db.alter(table: "labels") { t in
                t.add(column: "suggestion_threshold", .double).notNull().defaults(to: 0.5)
            }
        }
        migrator.registerMigration("v12-search-trials") { db in
            // A search's trials become jobs of their own, so any free trainer can run one: the jobs
            // table is rebuilt for its CHECK, as in v8 and v10. A trial records how it ended and
            // where its model file is.
            try rebuildJobsTable(db, kinds: ["train", "search", "score", "predict", "trial"])
            try db.alter(table: "job_trials") { t in
                t.add(column: "state", .text).notNull().defaults(to: "done").check(sql: "state IN ('done','pruned','failed')")
                t.add(column: "artifact_path", .text)
                t.add(column: "message", .text).notNull().defaults(to: "")
            }
        }
        migrator.registerMigration("v13-serving") { db in
            // A model's endpoint can be switched off, with a reason its callers are shown; no row: on.
            try db.create(table: "deployments") { t in
                t.column("model_id", .integer).primaryKey().references("registered_models", onDelete: .cascade)
                t.column("enabled", .boolean).notNull()
                t.column("reason", .text).notNull()
                t.column("changed_by_name", .text).notNull()
                t.column("changed_at", .datetime).notNull()
            }
            try db.create(table: "rollouts") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("model_id", .integer).notNull().indexed().references("registered_models", onDelete: .cascade)
                t.column("candidate_version_id", .integer).notNull().references("model_versions", onDelete: .cascade)
                t.column("plan", .text).notNull()  // JSON RolloutPlan, every default written out
                t.column("state", .text).notNull()
                    .check(sql: "state IN ('requested','running','paused','rolled_back','finished','rejected')")
                t.column("step", .integer).notNull().defaults(to: 0)
                t.column("step_started_at", .datetime).notNull()
                t.column("reason", .text).notNull()
                t.column("requested_by_name", .text).notNull()
                t.column("created_at", .datetime).notNull()
                t.column("ended_at", .datetime)
                t.column("end_reason", .text).notNull().defaults(to: "")
            }
            // One rollout at a time per model: a second is refused by the database, not only by a read.
            try db.execute(sql: """
                CREATE UNIQUE INDEX rollouts_one_active ON rollouts(model_id)
                WHERE state IN ('requested','running','paused')
                """)
            try db.create(table: "rollout_events") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("rollout_id", .integer).notNull().indexed().references("rollouts", onDelete: .cascade)
                t.column("at", .datetime).notNull()
                t.column("kind", .text).notNull()
                t.column("share", .double).notNull()
                t.column("username", .text).notNull()
                t.column("detail", .text).notNull()
            }
            // Served requests, summed per version, arm and minute by each worker process before it
            // writes (ArmStats as JSON). Rollout steps are kept apart so a guardrail judges its own step.
            try db.create(table: "serve_usage") { t in
                t.column("model_id", .integer).notNull().references("registered_models", onDelete: .cascade)
                t.column("version_id", .integer).notNull().references("model_versions", onDelete: .cascade)
                t.column("arm", .text).notNull()
                t.column("window_start", .integer).notNull()  // unix seconds, a multiple of 60
                t.column("rollout_id", .integer).notNull()     // 0: outside any rollout
                t.column("step", .integer).notNull()
                t.column("requests", .integer).notNull()
                t.column("errors", .integer).notNull()
                t.column("stats", .text).notNull()
                t.primaryKey(["model_id", "version_id", "arm", "window_start", "rollout_id", "step"])
            }
            try db.create(index: "serve_usage_by_rollout", on: "serve_usage", columns: ["rollout_id", "step"])
            try db.create(index: "serve_usage_by_window", on: "serve_usage", columns: ["window_start"])
            // A token that may only call one model's serving endpoints (for an application).
            try db.alter(table: "api_tokens") { t in
                t.add(column: "scope_model_id", .integer).references("registered_models", onDelete: .cascade)
            }
            // Aliases moved by rollouts say why.
            try db.alter(table: "alias_history") { t in
                t.add(column: "reason", .text).notNull().defaults(to: "")
            }
            // Batch prediction jobs join the others (the jobs table is rebuilt for its CHECK, as in v8),
            // and leave files behind: their results, content-addressed, listed here.
            try rebuildJobsTable(db, kinds: ["train", "search", "score", "predict", "trial", "batch"])
            // Webhooks: where registry events go, and every delivery (an outbox: a delivery is written in
            // the transaction of its event, then sent, retried with backoff, and logged).
            try db.create(table: "webhooks") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("url", .text).notNull()
                t.column("events", .text).notNull()  // JSON list of event names, or ["*"]
                t.column("description", .text).notNull()
                t.column("enabled", .boolean).notNull().defaults(to: true)
                t.column("allow_private", .boolean).notNull().defaults(to: false)
                t.column("created_by_name", .text).notNull()
                t.column("created_at", .datetime).notNull()
            }
            try db.create(table: "webhook_deliveries") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("webhook_id", .integer).notNull().references("webhooks", onDelete: .cascade)
                t.column("delivery_uuid", .text).notNull().unique()
                t.column("event", .text).notNull()
                t.column("payload", .text).notNull()
                t.column("state", .text).notNull().defaults(to: "pending")
                    .check(sql: "state IN ('pending','sending','delivered','failed')")
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("next_attempt_at", .datetime).notNull()
                t.column("lease_owner", .text)
                t.column("lease_until", .datetime)
                t.column("last_status", .integer)
                t.column("last_error", .text).notNull().defaults(to: "")
                t.column("created_at", .datetime).notNull()
                t.column("delivered_at", .datetime)
            }
            try db.create(index: "webhook_deliveries_due", on: "webhook_deliveries", columns: ["state", "next_attempt_at"])
            try db.create(index: "webhook_deliveries_by_webhook", on: "webhook_deliveries", columns: ["webhook_id", "id"])
            // Drift: each trained version's reference profile (from its validation data), what it sees
            // served (summed per 10-minute window), and the reports that compare the two.
            try db.create(table: "model_profiles") { t in
                t.column("version_id", .integer).primaryKey().references("model_versions", onDelete: .cascade)
                t.column("profile", .text).notNull()
                t.column("created_at", .datetime).notNull()
            }
            try db.create(table: "serve_profiles") { t in
                t.column("version_id", .integer).notNull().references("model_versions", onDelete: .cascade)
                t.column("window_start", .integer).notNull()
                t.column("profile", .text).notNull()
                t.primaryKey(["version_id", "window_start"])
            }
            try db.create(table: "drift_reports") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("version_id", .integer).notNull().references("model_versions", onDelete: .cascade)
                t.column("computed_at", .datetime).notNull()
                t.column("verdict", .text).notNull()
                t.column("report", .text).notNull()
            }
            try db.create(index: "drift_reports_by_version", on: "drift_reports", columns: ["version_id", "id"])
            // What a running job's trainer spends on it, from its heartbeats.
            try db.alter(table: "jobs") { t in
                t.add(column: "cpu_seconds", .double)
                t.add(column: "resident_bytes", .integer)
            }
            try db.create(table: "job_results") { t in
                t.column("job_id", .integer).notNull().references("jobs", onDelete: .cascade)
                t.column("format", .text).notNull()  // csv, coco
                t.column("path", .text).notNull()
                t.column("size", .integer).notNull()
                t.column("sha256", .text).notNull()
                t.primaryKey(["job_id", "format"])
            }
        }
        migrator.registerMigration("v14-imported-suggestions") { db in
            // Boxes another tool predicted (Label Studio's `predictions`) become suggestions too: they
            // have no model version here, only a `source` saying where they came from. The table is
            // rebuilt for the column's NOT NULL (SQLite cannot drop one); foreign keys are checked at the end.
            try db.create(table: "box_suggestions_rebuilt") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("image_id", .integer).notNull().references("images", onDelete: .cascade)
                t.column("model_version_id", .integer).references("model_versions", onDelete: .cascade)
                t.column("label_id", .integer).notNull().references("labels", onDelete: .cascade)
                t.column("x", .double).notNull()
                t.column("y", .double).notNull()
                t.column("w", .double).notNull()
                t.column("h", .double).notNull()
                t.column("score", .double).notNull()
                t.column("state", .text).notNull().defaults(to: "open").check(sql: "state IN ('open','accepted','rejected')")
                t.column("created_at", .datetime).notNull()
                t.column("edited", .boolean).notNull().defaults(to: false)
                t.column("decided_at", .datetime)
                t.column("source", .text).notNull().defaults(to: "")
                t.check(sql: "model_version_id IS NOT NULL OR source <> ''")
            }
            try db.execute(sql: """
                INSERT INTO box_suggestions_rebuilt (id, image_id, model_version_id, label_id, x, y, w, h, score, state, created_at, edited, decided_at)
                SELECT id, image_id, model_version_id, label_id, x, y, w, h, score, state, created_at, edited, decided_at FROM box_suggestions
                """)
            try db.drop(table: "box_suggestions")
            try db.rename(table: "box_suggestions_rebuilt", to: "box_suggestions")
            try db.create(index: "box_suggestions_by_image", on: "box_suggestions", columns: ["image_id", "state"])
        }
        migrator.registerMigration("v15-team-work") { db in
            // The data team splits open images into batches, each for one annotator (or nobody yet)
            // with an optional due day; an image is in at most one batch.
            try db.create(table: "batches") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("project_id", .integer).notNull().indexed().references("projects", onDelete: .cascade)
                t.column("name", .text).notNull()
                t.column("assignee_id", .integer).indexed().references("users", onDelete: .setNull)
                t.column("due_on", .text)  // YYYY-MM-DD
                t.column("created_by", .integer).references("users", onDelete: .setNull)
                t.column("created_at", .datetime).notNull()
            }
            try db.create(table: "batch_images") { t in
                t.column("image_id", .integer).primaryKey().references("images", onDelete: .cascade)
                t.column("batch_id", .integer).notNull().references("batches", onDelete: .cascade)
                t.column("position", .integer).notNull()
            }
            try db.create(index: "batch_images_in_order", on: "batch_images", columns: ["batch_id", "position"])
            // One thread per image between annotators and reviewers; a comment may point at a shape
            // by its position in the revision it was written against. A review's comment starts one.
            try db.create(table: "comments") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("image_id", .integer).notNull().references("images", onDelete: .cascade)
                t.column("author_id", .integer).references("users", onDelete: .setNull)
                t.column("body", .text).notNull()
                t.column("shape_position", .integer)
                t.column("revision", .integer).notNull()
                t.column("review_id", .integer).references("reviews", onDelete: .setNull)
                t.column("created_at", .datetime).notNull()
            }
            try db.create(index: "comments_by_image", on: "comments", columns: ["image_id", "id"])
            try db.create(table: "comment_mentions") { t in
                t.column("comment_id", .integer).notNull().references("comments", onDelete: .cascade)
                t.column("user_id", .integer).notNull().indexed().references("users", onDelete: .cascade)
                t.primaryKey(["comment_id", "user_id"])
            }
            // Who follows a thread — its authors, the people it mentions, those who labelled the image —
            // with how far they have read it and how many comments since are unread, so a person's
            // unread count is a sum over their threads, not a search through every comment.
            try db.create(table: "comment_followers") { t in
                t.column("user_id", .integer).notNull().references("users", onDelete: .cascade)
                t.column("image_id", .integer).notNull().references("images", onDelete: .cascade)
                t.column("project_id", .integer).notNull().references("projects", onDelete: .cascade)  // the image's
                t.column("last_read_comment_id", .integer).notNull().defaults(to: 0)
                t.column("latest_comment_id", .integer).notNull().defaults(to: 0)
                t.column("unread", .integer).notNull().defaults(to: 0)
                t.primaryKey(["user_id", "image_id"])
            }
            try db.create(index: "comment_followers_by_image", on: "comment_followers", columns: ["image_id"])
            try db.create(index: "comment_followers_newest", on: "comment_followers", columns: ["user_id", "latest_comment_id"])
            try db.create(index: "comment_followers_unread", on: "comment_followers", columns: ["user_id", "unread", "project_id"])
            // Overlap: images k people label independently before a reviewer accepts a merge of their work.
            try db.create(table: "overlap_images") { t in
                t.column("image_id", .integer).primaryKey().references("images", onDelete: .cascade)
                t.column("project_id", .integer).notNull().indexed().references("projects", onDelete: .cascade)
                t.column("copies", .integer).notNull().check(sql: "copies BETWEEN 2 AND 10")
                t.column("state", .text).notNull().defaults(to: "collecting").check(sql: "state IN ('collecting','merged')")
                t.column("created_by", .integer).references("users", onDelete: .setNull)
                t.column("created_at", .datetime).notNull()
            }
            // Ground truth: accepted images whose shapes, frozen here, score whoever labels them again.
            try db.create(table: "ground_truth") { t in
                t.column("image_id", .integer).primaryKey().references("images", onDelete: .cascade)
                t.column("project_id", .integer).notNull().indexed().references("projects", onDelete: .cascade)
                t.column("shapes", .text).notNull()
                t.column("created_by", .integer).references("users", onDelete: .setNull)
                t.column("created_at", .datetime).notNull()
            }
            // One person's own work on an overlap or ground-truth image, apart from the image's shapes.
            try db.create(table: "work_copies") { t in
                t.column("image_id", .integer).notNull().references("images", onDelete: .cascade)
                t.column("user_id", .integer).notNull().indexed().references("users", onDelete: .cascade)
                t.column("kind", .text).notNull().check(sql: "kind IN ('overlap','ground_truth')")
                t.column("revision", .integer).notNull().defaults(to: 0)
                t.column("shapes", .text).notNull().defaults(to: "[]")
                t.column("status", .text).notNull().defaults(to: "in_progress").check(sql: "status IN ('in_progress','submitted')")
                t.column("created_at", .datetime).notNull()
                t.column("saved_at", .datetime)
                t.column("submitted_at", .datetime)
                t.primaryKey(["image_id", "user_id"])
            }
            // Ground truth is due after N images a person saved since their last one: their saves, by time.
            try db.create(index: "annotation_revisions_by_user", on: "annotation_revisions", columns: ["user_id", "saved_at"])
            // One ground-truth image after every N others a person labels; 0: none.
            try db.alter(table: "projects") { t in
                t.add(column: "ground_truth_every", .integer).notNull().defaults(to: 0)
            }
        }
        migrator.registerMigration("v16-attributes-editor") { db in
            // A label's attributes (JSON [{name, kind, options, min, max, default}]) and the values a
            // shape has of them (JSON {name: value}); NULL: none.
            try db.alter(table: "labels") { t in t.add(column: "attributes", .text) }
            try db.alter(table: "shapes") { t in t.add(column: "attributes", .text) }
            try db.alter(table: "snapshot_labels") { t in t.add(column: "attributes", .text) }
            try db.alter(table: "snapshot_shapes") { t in t.add(column: "attributes", .text) }
            // Images larger than the editor's display rendition get a pyramid of 256-px JPEG tiles
            // (level 0 full size, each next level half as large, the last one tile), each tile a
            // content-addressed file.
            try db.alter(table: "images") { t in t.add(column: "tile_levels", .integer).notNull().defaults(to: 0) }
            try db.create(table: "image_tiles") { t in
                t.column("image_id", .integer).notNull().references("images", onDelete: .cascade)
                t.column("level", .integer).notNull()
                t.column("x", .integer).notNull()
                t.column("y", .integer).notNull()
                t.column("path", .text).notNull()
                t.primaryKey(["image_id", "level", "x", "y"])
            }
            // What a person set in the editor for a project (image adjustments), kept across images
            // and browsers.
            try db.create(table: "editor_settings") { t in
                t.column("user_id", .integer).notNull().references("users", onDelete: .cascade)
                t.column("project_id", .integer).notNull().references("projects", onDelete: .cascade)
                t.column("settings", .text).notNull()
                t.column("updated_at", .datetime).notNull()
                t.primaryKey(["user_id", "project_id"])
            }
        }
        return migrator
    }

    /// SQLite cannot change a CHECK: the jobs table is rebuilt with the kinds allowed at that
    /// migration, its rows and indexes kept. Shipped migrations (v8, v10) run it: never change it;
    /// a new column goes in a later migration.
    private static func rebuildJobsTable(_ db: Database, kinds: [String]) throws {
        try db.create(table: "jobs_rebuilt") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("project_id", .integer).notNull().references("projects", onDelete: .cascade)
            t.column("kind", .text).notNull().check(sql: "kind IN ('\(kinds.joined(separator: "','"))')")
            t.column("config", .text).notNull()
            t.column("state", .text).notNull().defaults(to: "queued")
                .check(sql: "state IN ('queued','running','succeeded','failed','cancelled')")
            t.column("priority", .integer).notNull().defaults(to: 0)
            t.column("created_by", .integer).references("users", onDelete: .setNull)
            t.column("created_at", .datetime).notNull()
            t.column("started_at", .datetime)
            t.column("finished_at", .datetime)
            t.column("lease_owner", .text)
            t.column("lease_expires_at", .datetime)
            t.column("heartbeat_at", .datetime)
            t.column("attempts", .integer).notNull().defaults(to: 0)
            t.column("cancel_requested", .boolean).notNull().defaults(to: false)
            t.column("progress", .double).notNull().defaults(to: 0)
            t.column("message", .text).notNull().defaults(to: "")
            t.column("model_version_id", .integer)
        }
        try db.execute(sql: "INSERT INTO jobs_rebuilt SELECT * FROM jobs")
        try db.drop(table: "jobs")
        try db.rename(table: "jobs_rebuilt", to: "jobs")
        try db.create(index: "jobs_on_project_id", on: "jobs", columns: ["project_id"])
        try db.create(index: "jobs_queue", on: "jobs", columns: ["state", "priority", "id"])
    }
}
