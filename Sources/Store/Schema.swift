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
        return migrator
    }
}
