// Batches: the data team splits a project's open images among annotators, each batch with an
// assignee and a due day; `takeNextImage` serves a person's batches first.
import Domain
import Foundation

extension AppDatabase {
    /// Takes the open images the plan selects (outside any batch and overlap, in its order, up to its limit),
    /// splits them into batches and assigns them in turn, in one transaction. Refuses an assignee
    /// who cannot see the project, and a plan that selects no image.
    public func createBatches(projectID: Int64, plan: BatchPlan, by who: Attribution) throws -> [BatchProgress] {
        if let (field, message) = plan.violation() { throw StoreError.invalid(field: field, message: message) }
        return try write { db in
            let assignees = try plan.assignees.map { try Self.projectWorker(db, projectID: projectID, username: $0) }
            var filters: SQLQuery = ""
            if let text = plan.fileNameContains, !text.isEmpty {
                filters = filters + " AND LOWER(i.file_name) LIKE \(Self.containsPattern(text)) ESCAPE '\\'"
            }
            if let label = plan.predictedLabel, !label.isEmpty {
                filters = filters + " AND LOWER(s.predicted_label) = \(label.lowercased())"
            }
            let order: SQLQuery = plan.order == .rank ? "s.rank IS NULL, s.rank, i.id" : "i.id"
            let imageIDs = try Int64.fetchAll(db, literal: """
                SELECT i.id FROM images i LEFT JOIN image_scores s ON s.image_id = i.id
                WHERE i.project_id = \(projectID) AND i.status IN \(plan.statuses.map(\.rawValue))
                  AND NOT EXISTS (SELECT 1 FROM batch_images bi WHERE bi.image_id = i.id)
                  AND NOT EXISTS (SELECT 1 FROM overlap_images o WHERE o.image_id = i.id)\(filters)
                ORDER BY \(order) LIMIT \(plan.limit ?? BatchPlan.maxImages)
                """)
            guard !imageIDs.isEmpty else {
                throw StoreError.invalid(field: "statuses", message: "No image matches: every open image that fits these filters is already in a batch, or none fits.")
            }
            let existing = try Int.fetchOne(db, literal: "SELECT COUNT(*) FROM batches WHERE project_id = \(projectID)") ?? 0
            let now = Date()
            var created: [Int64] = []
            for part in plan.split(imageIDs, firstNumber: existing + 1) {
                let assignee = part.assignee.map { assignees[$0] }
                let batchID = try Int64.fetchOne(db, literal: """
                    INSERT INTO batches (project_id, name, assignee_id, due_on, created_by, created_at)
                    VALUES (\(projectID), \(part.name), \(assignee), \(plan.dueOn), \(who.userID), \(now)) RETURNING id
                    """)!
                try db.insertRows("INSERT INTO batch_images (image_id, batch_id, position) VALUES",
                                  part.imageIDs.enumerated().map { [$1.sqlValue, batchID.sqlValue, $0.sqlValue] })
                created.append(batchID)
                try Self.appendAudit(db, by: who, action: "batch.created", target: "batch:\(batchID)",
                                     detail: "\(part.name): \(part.imageIDs.count) images" + (assignee == nil ? "" : " for \(plan.assignees[part.assignee!])"))
            }
            return try BatchProgress.fetchAll(db, literal: """
                \(BatchProgress.selection) WHERE b.id IN \(created) GROUP BY b.id, u.username ORDER BY b.id
                """)
        }
    }

    /// The project's batches, oldest first, with their progress.
    public func batches(projectID: Int64) throws -> [BatchProgress] {
        try read { db in
            try BatchProgress.fetchAll(db, literal: """
                \(BatchProgress.selection) WHERE b.project_id = \(projectID) GROUP BY b.id, u.username ORDER BY b.id
                """)
        }
    }

    /// Open, unlabelled images kept for other people's batches: what an empty queue is waiting on.
    public func imagesReservedForOthers(projectID: Int64, userID: Int64) throws -> Int {
        try lookup { db in
            try Int.fetchOne(db, literal: """
                SELECT COUNT(*) FROM batch_images bi JOIN batches b ON b.id = bi.batch_id JOIN images i ON i.id = bi.image_id
                WHERE b.project_id = \(projectID) AND b.assignee_id <> \(userID) AND i.status IN ('new', 'in_progress', 'rejected')
                  AND NOT EXISTS (SELECT 1 FROM shapes s WHERE s.image_id = i.id)
                """) ?? 0
        }
    }

    /// Renames, reassigns or re-dates a batch of this project.
    public func updateBatch(projectID: Int64, batchID: Int64, _ change: BatchChange, by who: Attribution) throws -> BatchProgress {
        if let name = change.name, name.trimmingCharacters(in: .whitespaces).isEmpty || name.count > 100 {
            throw StoreError.invalid(field: "name", message: "A batch name has 1 to 100 characters.")
        }
        if case let due?? = change.dueOn, !DueDay.isValid(due) {
            throw StoreError.invalid(field: "due_on", message: "due_on is a day as YYYY-MM-DD, such as 2026-12-24.")
        }
        return try write { db in
            try Self.existingBatch(db, projectID: projectID, batchID: batchID)
            var detail: [String] = []
            if let name = change.name?.trimmingCharacters(in: .whitespaces) {
                try db.execute(literal: "UPDATE batches SET name = \(name) WHERE id = \(batchID)")
                detail.append("name \(name)")
            }
            if let assignee = change.assignee {
                let userID = try assignee.map { try Self.projectWorker(db, projectID: projectID, username: $0) }
                try db.execute(literal: "UPDATE batches SET assignee_id = \(userID) WHERE id = \(batchID)")
                detail.append("assignee \(assignee ?? "nobody")")
            }
            if let dueOn = change.dueOn {
                try db.execute(literal: "UPDATE batches SET due_on = \(dueOn) WHERE id = \(batchID)")
                detail.append("due \(dueOn ?? "never")")
            }
            try Self.appendAudit(db, by: who, action: "batch.updated", target: "batch:\(batchID)", detail: detail.joined(separator: ", "))
            return try BatchProgress.fetchOne(db, literal: "\(BatchProgress.selection) WHERE b.id = \(batchID) GROUP BY b.id, u.username")!
        }
    }

    /// Dissolves a batch: its images go back to everyone's queue, their labels untouched.
    public func deleteBatch(projectID: Int64, batchID: Int64, by who: Attribution) throws {
        try write { db in
            try Self.existingBatch(db, projectID: projectID, batchID: batchID)
            try db.execute(literal: "DELETE FROM batch_images WHERE batch_id = \(batchID)")
            try db.execute(literal: "DELETE FROM batches WHERE id = \(batchID)")
            try Self.appendAudit(db, by: who, action: "batch.deleted", target: "batch:\(batchID)")
        }
    }

    private static func existingBatch(_ db: StoreConnection, projectID: Int64, batchID: Int64) throws {
        guard try Int.fetchOne(db, literal: "SELECT 1 FROM batches WHERE id = \(batchID) AND project_id = \(projectID)") != nil else {
            throw StoreError.notFound(entity: "batch")
        }
    }

    /// The id of an enabled account that sees the project (a member, or the data team and admins).
    static func projectWorker(_ db: StoreConnection, projectID: Int64, username: String) throws -> Int64 {
        guard let row = try SQLRow.fetchOne(db, literal: """
            SELECT u.id, u.role, u.disabled, m.user_id AS member FROM users u
            LEFT JOIN project_members m ON m.user_id = u.id AND m.project_id = \(projectID)
            WHERE u.username = \(username)
            """) else { throw StoreError.invalid(field: "assignees", message: "There is no user named \(username).") }
        let role = try Role(databaseValue: row["role"])
        guard !(row["disabled"] as Bool) else { throw StoreError.invalid(field: "assignees", message: "\(username)'s account is disabled.") }
        guard ProjectAccess.canSee(role: role, isMember: row.hasValue("member")) else {
            throw StoreError.invalid(field: "assignees", message: "\(username) is not a member of this project; add them under Members first.")
        }
        return row["id"]
    }

    /// `%text%` for LIKE on a lower-cased column, with `%`, `_` and `\` in `text` matched literally.
    static func containsPattern(_ text: String) -> String {
        var escaped = ""
        for character in text.lowercased() {
            if "%_\\".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return "%\(escaped)%"
    }
}
