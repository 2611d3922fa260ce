// Overlap: a share of open images that k people label independently (each in their own copy), their
// agreement, and the reviewer's acceptance of a consensus merged from their copies.
import Domain
import Foundation

extension AppDatabase {
    /// Marks `share` (0–1] of the project's open, unlabelled images outside batches and overlap,
    /// chosen at random (at least one), to be labelled by `copies` people each. Returns how many.
    public func addOverlap(projectID: Int64, share: Double, copies: Int, by who: Attribution) throws -> Int {
        guard share > 0, share <= 1 else { throw StoreError.invalid(field: "share", message: "share is a fraction above 0 and at most 1, such as 0.1 for 10 %.") }
        guard (2...10).contains(copies) else { throw StoreError.invalid(field: "copies", message: "copies is how many people label each image: 2 to 10.") }
        return try write { db in
            let candidates = try Int64.fetchAll(db, literal: """
                SELECT i.id FROM images i
                WHERE i.project_id = \(projectID) AND i.status = 'new'
                  AND NOT EXISTS (SELECT 1 FROM shapes s WHERE s.image_id = i.id)
                  AND NOT EXISTS (SELECT 1 FROM batch_images b WHERE b.image_id = i.id)
                  AND NOT EXISTS (SELECT 1 FROM overlap_images o WHERE o.image_id = i.id)
                ORDER BY random()
                """)
            guard !candidates.isEmpty else {
                throw StoreError.invalid(field: "share", message: "No new, unlabelled image outside batches and overlap is left to pick from.")
            }
            let count = max(1, Int((Double(candidates.count) * share).rounded()))
            let now = Date()
            for imageID in candidates.prefix(count) {
                try db.execute(literal: """
                    INSERT INTO overlap_images (image_id, project_id, copies, created_by, created_at)
                    VALUES (\(imageID), \(projectID), \(copies), \(who.userID), \(now))
                    """)
            }
            try Self.appendAudit(db, by: who, action: "project.overlap", target: "project:\(projectID)",
                                 detail: "\(count) images × \(copies) people")
            return count
        }
    }

    /// How many of the project's overlap images are ready to merge, still collecting work, and merged.
    public func overlapCounts(projectID: Int64) throws -> OverlapCounts {
        try lookup { db in
            let row = try SQLRow.fetchOne(db, literal: """
                SELECT COUNT(*) FILTER (WHERE state = 'collecting' AND handed_in >= copies) AS ready,
                       COUNT(*) FILTER (WHERE state = 'collecting' AND handed_in < copies) AS collecting,
                       COUNT(*) FILTER (WHERE state = 'merged') AS merged
                FROM (SELECT o.state, o.copies, \(Self.handedIn) AS handed_in FROM overlap_images o WHERE o.project_id = \(projectID)) counted
                """)
            return OverlapCounts(ready: row?["ready"] ?? 0, collecting: row?["collecting"] ?? 0, merged: row?["merged"] ?? 0)
        }
    }

    /// Up to `limit` of the project's overlap images, those ready to merge first, then in id order.
    public func overlapImages(projectID: Int64, limit: Int) throws -> [OverlapImage] {
        try read { db in
            let rows = try SQLRow.fetchAll(db, literal: """
                SELECT i.*, o.copies, o.state AS overlap_state, \(Self.handedIn) AS handed_in
                FROM overlap_images o JOIN images i ON i.id = o.image_id WHERE o.project_id = \(projectID)
                ORDER BY CASE WHEN o.state = 'collecting' AND \(Self.handedIn) >= o.copies THEN 0 ELSE 1 END, o.image_id
                LIMIT \(limit)
                """)
            let ids = rows.map { $0["id"] as Int64 }
            let people = Dictionary(grouping: try SQLRow.fetchAll(db, literal: """
                SELECT w.image_id, w.status, u.username FROM work_copies w JOIN users u ON u.id = w.user_id
                WHERE w.image_id IN \(ids) ORDER BY u.username
                """), by: { $0["image_id"] as Int64 })
            return try rows.map { row in
                let copies = people[row["id"] as Int64] ?? []
                return OverlapImage(image: try ImageRecord(row: row), copies: row["copies"], merged: (row["overlap_state"] as String) == "merged",
                                    submitted: copies.filter { $0["status"] == "submitted" }.map { $0["username"] },
                                    working: copies.filter { $0["status"] != "submitted" }.map { $0["username"] })
            }
        }
    }

    /// How many people handed in their copy of overlap image `o`.
    private static let handedIn: SQLQuery = "(SELECT COUNT(*) FROM work_copies w WHERE w.image_id = o.image_id AND w.status = 'submitted')"

    /// The submitted copies of each overlap image that two or more people handed in.
    public func overlapWork(projectID: Int64) throws -> [[NamedWork]] {
        try read { db in
            let rows = try SQLRow.fetchAll(db, literal: """
                SELECT w.image_id, w.shapes, u.username FROM work_copies w JOIN overlap_images o ON o.image_id = w.image_id
                JOIN users u ON u.id = w.user_id
                WHERE o.project_id = \(projectID) AND w.kind = 'overlap' AND w.status = 'submitted' ORDER BY w.image_id, u.username
                """)
            return try Dictionary(grouping: rows, by: { $0["image_id"] as Int64 }).sorted { $0.key < $1.key }.map { _, copies in
                try copies.map { NamedWork(person: $0["username"], work: AnnotatorWork(shapes: try ShapeCoding.set(fromJSON: $0["shapes"]))) }
            }.filter { $0.count >= 2 }
        }
    }

    /// The submitted copies of one overlap image, by person.
    public func submittedCopies(imageID: Int64) throws -> [(person: String, shapes: [Shape])] {
        try read { db in
            try SQLRow.fetchAll(db, literal: """
                SELECT w.shapes, u.username FROM work_copies w JOIN users u ON u.id = w.user_id
                WHERE w.image_id = \(imageID) AND w.kind = 'overlap' AND w.status = 'submitted' ORDER BY u.username
                """).map { (person: $0["username"], shapes: try ShapeCoding.set(fromJSON: $0["shapes"])) }
        }
    }

    /// The reviewer's decision on an overlap image: `shapes` (the consensus, as they kept it) become
    /// the image's shapes in one revision, the image is accepted, and the copies' collection ends.
    /// Needs two or more submitted copies.
    public func acceptConsensus(imageID: Int64, shapes: [Shape], rules: ShapeValidation = ShapeValidation(),
                                by who: Attribution) throws -> ImageRecord {
        try write { db in
            let image = try Self.existingImage(db, id: imageID)
            guard try String.fetchOne(db, literal: "SELECT state FROM overlap_images WHERE image_id = \(imageID)") == "collecting" else {
                throw StoreError.conflict(code: "not_collecting", message: "This image is not waiting for a consensus (it is not an overlap image, or it was merged).")
            }
            let people = try String.fetchAll(db, literal: """
                SELECT u.username FROM work_copies w JOIN users u ON u.id = w.user_id
                WHERE w.image_id = \(imageID) AND w.status = 'submitted' ORDER BY u.username
                """)
            guard people.count >= 2 else {
                throw StoreError.conflict(code: "too_few_copies", message: "A consensus needs two or more people's submitted work; \(people.count) submitted so far.")
            }
            let valid = try Self.validated(db, shapes: shapes, on: image, rules: rules)
            let revision = try Self.replaceShapes(db, image: image, with: valid, by: who)
            let note = "Consensus of \(people.joined(separator: ", "))"
            try db.execute(literal: """
                INSERT INTO reviews (image_id, reviewer_id, decision, comment, revision, at)
                VALUES (\(imageID), \(who.userID), 'accepted', \(note), \(revision), \(Date()))
                """)
            try db.execute(literal: "UPDATE overlap_images SET state = 'merged' WHERE image_id = \(imageID)")
            try db.execute(literal: "DELETE FROM image_holds WHERE image_id = \(imageID)")
            try Self.appendAudit(db, by: who, action: "image.consensus_accepted", target: "image:\(imageID)", detail: "\(note): \(valid.count) shapes")
            return try ImageRecord.fetchOne(db, literal: "UPDATE images SET status = 'accepted' WHERE id = \(imageID) RETURNING *")!
        }
    }
}
