// Ground truth: accepted images whose shapes are frozen as the answer, mixed unannounced into people's
// queues (one after about every N images they label), and each person's accuracy against them.
import Domain
import Foundation

/// Which accepted images become ground truth.
public enum GroundTruthSelection: Sendable, Equatable {
    case images([Int64])
    /// A random share (0–1] of the accepted images not yet ground truth.
    case share(Double)
}

public struct GroundTruthSummary: Sendable, Equatable {
    /// One ground-truth image after every `every` images a person labels; 0: none are mixed in.
    public let every: Int
    public let images: Int
    /// Each submitted copy of a ground-truth image against its truth.
    public let checks: [GroundTruthCheck]
}

extension AppDatabase {
    /// Freezes the current shapes of accepted images as ground truth (again, for images already
    /// ground truth). Returns how many images it marked.
    public func markGroundTruth(projectID: Int64, _ selection: GroundTruthSelection, by who: Attribution) throws -> Int {
        try write { db in
            let imageIDs: [Int64]
            switch selection {
            case .images(let ids):
                guard !ids.isEmpty, ids.count <= 10_000 else { throw StoreError.invalid(field: "image_ids", message: "Name 1 to 10,000 images.") }
                let accepted = Set(try Int64.fetchAll(db, literal: """
                    SELECT id FROM images WHERE project_id = \(projectID) AND status = 'accepted' AND id IN \(ids)
                    """))
                if let missing = ids.first(where: { !accepted.contains($0) }) {
                    throw StoreError.invalid(field: "image_ids", message: "Image \(missing) is not an accepted image of this project: only accepted work can be ground truth.")
                }
                imageIDs = Array(Set(ids)).sorted()
            case .share(let share):
                guard share > 0, share <= 1 else { throw StoreError.invalid(field: "share", message: "share is a fraction above 0 and at most 1, such as 0.05 for 5 %.") }
                let candidates = try Int64.fetchAll(db, literal: """
                    SELECT i.id FROM images i WHERE i.project_id = \(projectID) AND i.status = 'accepted'
                      AND NOT EXISTS (SELECT 1 FROM ground_truth g WHERE g.image_id = i.id) ORDER BY random()
                    """)
                guard !candidates.isEmpty else { throw StoreError.invalid(field: "share", message: "No accepted image is left that is not ground truth already.") }
                imageIDs = Array(candidates.prefix(max(1, Int((Double(candidates.count) * share).rounded()))))
            }
            let now = Date()
            for imageID in imageIDs {
                let shapes = try SQLRow.fetchAll(db, literal: "SELECT * FROM shapes WHERE image_id = \(imageID) ORDER BY position").map(ShapeCoding.shape(from:))
                try db.execute(literal: """
                    INSERT INTO ground_truth (image_id, project_id, shapes, created_by, created_at)
                    VALUES (\(imageID), \(projectID), \(ShapeCoding.setJSON(shapes)), \(who.userID), \(now))
                    ON CONFLICT (image_id) DO UPDATE SET shapes = excluded.shapes, created_by = excluded.created_by, created_at = excluded.created_at
                    """)
            }
            try Self.appendAudit(db, by: who, action: "project.ground_truth", target: "project:\(projectID)", detail: "\(imageIDs.count) images")
            return imageIDs.count
        }
    }

    /// Takes images out of ground truth; the copies people made of them go too.
    public func unmarkGroundTruth(projectID: Int64, imageID: Int64, by who: Attribution) throws {
        try write { db in
            try db.execute(literal: "DELETE FROM ground_truth WHERE image_id = \(imageID) AND project_id = \(projectID)")
            guard db.changesCount == 1 else { throw StoreError.notFound(entity: "ground-truth image") }
            try db.execute(literal: "DELETE FROM work_copies WHERE image_id = \(imageID) AND kind = 'ground_truth'")
            try Self.appendAudit(db, by: who, action: "project.ground_truth_removed", target: "image:\(imageID)")
        }
    }

    /// How often ground truth is mixed into each person's queue: after every `every` images (0: never).
    public func setGroundTruthEvery(projectID: Int64, every: Int, by who: Attribution) throws {
        guard (0...1_000).contains(every) else { throw StoreError.invalid(field: "every", message: "every is 0 (off) to 1,000 images.") }
        try write { db in
            try db.execute(literal: "UPDATE projects SET ground_truth_every = \(every) WHERE id = \(projectID)")
            guard db.changesCount == 1 else { throw StoreError.notFound(entity: "project") }
            try Self.appendAudit(db, by: who, action: "project.ground_truth_every", target: "project:\(projectID)", detail: "\(every)")
        }
    }

    public func groundTruthSummary(projectID: Int64) throws -> GroundTruthSummary {
        try read { db in
            let every = try Int.fetchOne(db, literal: "SELECT ground_truth_every FROM projects WHERE id = \(projectID)") ?? 0
            let images = try Int.fetchOne(db, literal: "SELECT COUNT(*) FROM ground_truth WHERE project_id = \(projectID)") ?? 0
            let checks = try SQLRow.fetchAll(db, literal: """
                SELECT u.username, w.shapes AS work, g.shapes AS truth FROM work_copies w JOIN ground_truth g ON g.image_id = w.image_id
                JOIN users u ON u.id = w.user_id
                WHERE g.project_id = \(projectID) AND w.kind = 'ground_truth' AND w.status = 'submitted' ORDER BY u.username, w.image_id
                """).map {
                GroundTruthCheck(person: $0["username"], work: AnnotatorWork(shapes: try ShapeCoding.set(fromJSON: $0["work"])),
                                 truth: AnnotatorWork(shapes: try ShapeCoding.set(fromJSON: $0["truth"])))
            }
            return GroundTruthSummary(every: every, images: images, checks: checks)
        }
    }

    /// When a ground-truth image is due for this person (they labelled about `every` images since
    /// their last one: `GroundTruthCadence`), one they have not seen, as their new copy. Runs inside `takeNextImage`'s transaction.
    static func dueGroundTruth(_ db: StoreConnection, projectID: Int64, userID: Int64, now: Date) throws -> ImageRecord? {
        // One they were given and have not handed in comes back first.
        if let open = try ImageRecord.fetchOne(db, literal: """
            SELECT i.* FROM images i JOIN work_copies w ON w.image_id = i.id AND w.user_id = \(userID)
            JOIN ground_truth g ON g.image_id = i.id
            WHERE i.project_id = \(projectID) AND w.kind = 'ground_truth' AND w.status = 'in_progress' LIMIT 1
            """) { return open }
        let every = try Int.fetchOne(db, literal: "SELECT ground_truth_every FROM projects WHERE id = \(projectID)") ?? 0
        guard every > 0 else { return nil }
        let served = try SQLRow.fetchOne(db, literal: """
            SELECT COUNT(*) AS served, MAX(w.created_at) AS since FROM work_copies w JOIN images i ON i.id = w.image_id
            WHERE w.user_id = \(userID) AND w.kind = 'ground_truth' AND i.project_id = \(projectID)
            """)
        let since: Date = served?["since"] ?? .distantPast
        let labelled = (try Int.fetchOne(db, literal: """
            SELECT COUNT(DISTINCT r.image_id) FROM annotation_revisions r JOIN images i ON i.id = r.image_id
            WHERE r.user_id = \(userID) AND i.project_id = \(projectID) AND r.saved_at > \(since)
            """) ?? 0) + (try Int.fetchOne(db, literal: """
            SELECT COUNT(*) FROM work_copies w JOIN images i ON i.id = w.image_id
            WHERE w.user_id = \(userID) AND w.kind = 'overlap' AND i.project_id = \(projectID) AND w.created_at > \(since)
            """) ?? 0)
        guard labelled >= GroundTruthCadence.gap(every: every, person: userID, served: served?["served"] ?? 0), let image = try ImageRecord.fetchOne(db, literal: """
            SELECT i.* FROM images i JOIN ground_truth g ON g.image_id = i.id
            WHERE g.project_id = \(projectID)
              AND NOT EXISTS (SELECT 1 FROM work_copies w WHERE w.image_id = i.id AND w.user_id = \(userID))
              AND NOT EXISTS (SELECT 1 FROM image_holds h WHERE h.image_id = i.id AND h.user_id <> \(userID) AND h.expires_at > \(now))
            ORDER BY random() LIMIT 1
            """) else { return nil }
        try db.execute(literal: """
            INSERT INTO work_copies (image_id, user_id, kind, revision, shapes, status, created_at)
            VALUES (\(image.id), \(userID), \(WorkKind.groundTruth.rawValue), 0, '[]', 'in_progress', \(now))
            """)
        return image
    }
}
