// The labelling queue: a scoring run's ranks, short holds so two annotators never get the same
// image, the project's active-learning settings, and what the queue looks like.
import Domain
import Foundation

/// One image's place in the queue after a scoring run.
public struct ImageScore: Sendable, Equatable {
    public let imageID: Int64
    public let score: Double
    public let predictedLabel: String
    public let confidence: Double

    public init(imageID: Int64, score: Double, predictedLabel: String, confidence: Double) {
        self.imageID = imageID
        self.score = score
        self.predictedLabel = predictedLabel
        self.confidence = confidence
    }
}

/// The model's guess for one image, as the editor shows it.
public struct Suggestion: Sendable, Equatable {
    public let label: String
    /// The project's label of that name, if it still exists.
    public let labelID: Int64?
    public let confidence: Double
    public let modelVersionID: Int64?
    public let rank: Int
}

public struct ActiveLearningSettings: Sendable, Equatable {
    public var strategy: AcquisitionStrategy
    public var diversity: Bool
    /// nil: the project's Production version, else its newest.
    public var modelVersionID: Int64?

    public init(strategy: AcquisitionStrategy, diversity: Bool, modelVersionID: Int64?) {
        self.strategy = strategy
        self.diversity = diversity
        self.modelVersionID = modelVersionID
    }
}

public struct QueueSummary: Sendable, Equatable {
    public let scored: Int
    public let modelVersionID: Int64?
    public let strategy: String?
    public let scoredAt: Date?
    /// Images per tenth of the score range, lowest first.
    public let histogram: [Int]
    public let minScore: Double?
    public let maxScore: Double?
}

extension AppDatabase {
    /// Replaces the project's queue with a new scoring run, ranked in the order given.
    public func replaceScores(projectID: Int64, modelVersionID: Int64, strategy: AcquisitionStrategy, ranked: [ImageScore]) throws {
        let now = Date()
        try write { db in
            try db.execute(literal: "DELETE FROM image_scores WHERE project_id = \(projectID)")
            for (rank, entry) in ranked.enumerated() {
                try db.execute(literal: """
                    INSERT INTO image_scores (image_id, project_id, model_version_id, strategy, score, rank, predicted_label, confidence, scored_at)
                    SELECT id, \(projectID), \(modelVersionID), \(strategy.rawValue), \(entry.score), \(rank), \(entry.predictedLabel),
                           \(entry.confidence), \(now)
                    FROM images WHERE id = \(entry.imageID) AND project_id = \(projectID)
                    """)
            }
        }
    }

    /// Images a scoring run looks at: everything not yet submitted or accepted.
    public func scoringCandidates(projectID: Int64) throws -> [TrainingSample] {
        try read { db in
            try SQLRow.fetchAll(db, literal: """
                SELECT id, sha256, original_path FROM images
                WHERE project_id = \(projectID) AND status IN ('new', 'in_progress', 'rejected') ORDER BY id
                """).map { TrainingSample(imageID: $0["id"], sha256: $0["sha256"], originalPath: $0["original_path"], labelID: 0, crop: nil) }
        }
    }

    /// The best image to label next for this user, held for them for `holdSeconds`: a ground-truth
    /// image when one is due (unannounced: it comes as their own copy), else first the images of their
    /// own batches (soonest due, then batch and position), then the highest ranked image that is in
    /// nobody else's batch, else the oldest such one — always still open, unlabelled, not held by
    /// someone else, not handed in by them already, and for an overlap image still short of people.
    /// Taking a new image releases the user's other holds in the project. `skipping` passes over the
    /// image the user is leaving without finishing it. nil: nothing left.
    public func takeNextImage(projectID: Int64, userID: Int64, holdSeconds: TimeInterval, skipping: Int64? = nil) throws -> ImageRecord? {
        let now = Date()
        return try write { db in
            try db.execute(literal: "DELETE FROM image_holds WHERE expires_at <= \(now)")
            guard let image = try Self.dueGroundTruth(db, projectID: projectID, userID: userID, now: now).flatMap({ $0.id == skipping ? nil : $0 })
                    ?? Self.nextOpenImage(db, projectID: projectID, userID: userID, skipping: skipping) else { return nil }
            try db.execute(literal: "DELETE FROM image_holds WHERE project_id = \(projectID) AND user_id = \(userID) AND image_id != \(image.id)")
            try db.execute(literal: """
                INSERT INTO image_holds (image_id, project_id, user_id, expires_at) VALUES (\(image.id), \(projectID), \(userID), \(now + holdSeconds))
                ON CONFLICT (image_id) DO UPDATE SET user_id = excluded.user_id, expires_at = excluded.expires_at
                """)
            return image
        }
    }

    /// The caller's batches, then the ranked pool, then unscored images in upload order: each
    /// statement walks an index in its order and stops at the first image that qualifies, so a queue
    /// of 100,000 images costs about what a queue of 100 does.
    private static func nextOpenImage(_ db: StoreConnection, projectID: Int64, userID: Int64, skipping: Int64?) throws -> ImageRecord? {
        let open: SQLQuery = """
            i.status IN ('new', 'in_progress', 'rejected') AND i.id != \(skipping ?? 0)
            AND NOT EXISTS (SELECT 1 FROM image_holds h WHERE h.image_id = i.id AND h.user_id != \(userID))
            AND NOT EXISTS (SELECT 1 FROM shapes sh WHERE sh.image_id = i.id)
            AND NOT EXISTS (SELECT 1 FROM work_copies w WHERE w.image_id = i.id AND w.user_id = \(userID) AND w.status = 'submitted')
            AND NOT EXISTS (SELECT 1 FROM overlap_images o WHERE o.image_id = i.id AND o.state = 'collecting'
                            AND (SELECT COUNT(*) FROM work_copies w WHERE w.image_id = i.id AND w.user_id <> \(userID)) >= o.copies)
            """
        let inNoOtherBatch: SQLQuery = """
            NOT EXISTS (SELECT 1 FROM batch_images bi JOIN batches b ON b.id = bi.batch_id
                        WHERE bi.image_id = i.id AND b.assignee_id <> \(userID))
            """
        // Batch by batch (soonest due first), each walked by position until an image qualifies.
        for batchID in try Int64.fetchAll(db, literal: """
            SELECT id FROM batches WHERE assignee_id = \(userID) AND project_id = \(projectID) ORDER BY COALESCE(due_on, '9999-12-31'), id
            """) {
            if let mine = try ImageRecord.fetchOne(db, literal: """
                SELECT i.* FROM batch_images bi JOIN images i ON i.id = bi.image_id
                WHERE bi.batch_id = \(batchID) AND \(open) ORDER BY bi.position LIMIT 1
                """) { return mine }
        }
        if let ranked = try ImageRecord.fetchOne(db, literal: """
            SELECT i.* FROM image_scores s JOIN images i ON i.id = s.image_id
            WHERE s.project_id = \(projectID) AND \(open) AND \(inNoOtherBatch)
            ORDER BY s.rank LIMIT 1
            """) { return ranked }
        return try ImageRecord.fetchOne(db, literal: """
            SELECT i.* FROM images i
            WHERE i.project_id = \(projectID) AND \(open) AND \(inNoOtherBatch)
              AND NOT EXISTS (SELECT 1 FROM image_scores s WHERE s.image_id = i.id)
            ORDER BY i.id LIMIT 1
            """)
    }

    /// Keeps the user's hold on an image while its editor is open. When someone else holds it, nothing
    /// changes and the answer names them and when their hold ends.
    public func renewHold(imageID: Int64, userID: Int64, holdSeconds: TimeInterval) throws -> HoldOutcome {
        let now = Date()
        return try write { db in
            guard let projectID = try Int64.fetchOne(db, literal: "SELECT project_id FROM images WHERE id = \(imageID)") else {
                throw StoreError.notFound(entity: "image")
            }
            if let holder = try SQLRow.fetchOne(db, literal: """
                SELECT h.user_id, h.expires_at, u.username AS name
                FROM image_holds h JOIN users u ON u.id = h.user_id
                WHERE h.image_id = \(imageID) AND h.expires_at > \(now)
                """), holder["user_id"] as Int64 != userID {
                return .heldBy(username: holder["name"], until: holder["expires_at"])
            }
            try db.execute(literal: """
                INSERT INTO image_holds (image_id, project_id, user_id, expires_at) VALUES (\(imageID), \(projectID), \(userID), \(now + holdSeconds))
                ON CONFLICT (image_id) DO UPDATE SET user_id = excluded.user_id, expires_at = excluded.expires_at
                """)
            return .held
        }
    }

    public func suggestion(imageID: Int64) throws -> Suggestion? {
        try read { db in
            guard let row = try SQLRow.fetchOne(db, literal: """
                SELECT s.predicted_label, s.confidence, s.model_version_id, s.rank, l.id AS label_id
                FROM image_scores s JOIN images i ON i.id = s.image_id
                LEFT JOIN labels l ON l.project_id = i.project_id AND l.name = s.predicted_label
                WHERE s.image_id = \(imageID)
                """) else { return nil }
            return Suggestion(label: row["predicted_label"], labelID: row["label_id"], confidence: row["confidence"],
                              modelVersionID: row["model_version_id"], rank: row["rank"])
        }
    }

    public func queueSummary(projectID: Int64) throws -> QueueSummary {
        try read { db in
            let scores = try Double.fetchAll(db, literal: "SELECT score FROM image_scores WHERE project_id = \(projectID)")
            let run = try SQLRow.fetchOne(db, literal: """
                SELECT model_version_id, strategy, scored_at FROM image_scores WHERE project_id = \(projectID) LIMIT 1
                """)
            let low = scores.min(), high = scores.max()
            var histogram = [Int](repeating: 0, count: 10)
            if let low, let high {
                for score in scores {
                    let bin = high > low ? Int((score - low) / (high - low) * 10) : 0
                    histogram[min(bin, 9)] += 1
                }
            }
            return QueueSummary(scored: scores.count, modelVersionID: run?["model_version_id"], strategy: run?["strategy"],
                                scoredAt: run?["scored_at"], histogram: histogram, minScore: low, maxScore: high)
        }
    }

    public func activeLearningSettings(projectID: Int64) throws -> ActiveLearningSettings {
        try read { db in
            guard let row = try SQLRow.fetchOne(db, literal: """
                SELECT al_strategy, al_diversity, al_model_version_id FROM projects WHERE id = \(projectID)
                """) else { throw StoreError.notFound(entity: "project") }
            return ActiveLearningSettings(strategy: AcquisitionStrategy(rawValue: row["al_strategy"]) ?? .margin,
                                          diversity: row["al_diversity"], modelVersionID: row["al_model_version_id"])
        }
    }

    public func updateActiveLearningSettings(projectID: Int64, _ settings: ActiveLearningSettings, by who: Attribution) throws {
        try write { db in
            if let versionID = settings.modelVersionID,
               try Int.fetchOne(db, literal: "SELECT 1 FROM model_versions WHERE id = \(versionID)") == nil {
                throw StoreError.invalid(field: "model_version_id", message: "There is no model version \(versionID).")
            }
            try db.execute(literal: """
                UPDATE projects SET al_strategy = \(settings.strategy.rawValue), al_diversity = \(settings.diversity),
                       al_model_version_id = \(settings.modelVersionID) WHERE id = \(projectID)
                """)
            guard db.changesCount == 1 else { throw StoreError.notFound(entity: "project") }
            try Self.appendAudit(db, by: who, action: "project.active_learning", target: "project:\(projectID)",
                                 detail: "\(settings.strategy.rawValue), diversity \(settings.diversity ? "on" : "off")")
        }
    }

    /// The version that scores a project: the one chosen, else the project's Production version, else its newest.
    public func scoringVersion(projectID: Int64, chosen: Int64?) throws -> ModelVersion? {
        try read { db in
            if let chosen { return try fetchModelVersion(db, id: chosen) }
            return try ModelVersion.fetchOne(db, literal: """
                \(ModelVersion.selection) WHERE v.project_id = \(projectID) AND v.framework = 'loupe-tensor'
                ORDER BY v.stage = 'Production' DESC, v.id DESC LIMIT 1
                """)
        }
    }
}

/// An image in queue order, with what the scoring said about it.
public struct RankedImage: Sendable, Equatable {
    public let image: ImageRecord
    public let rank: Int
    public let score: Double
    public let predictedLabel: String
    public let confidence: Double
}

extension AppDatabase {
    /// Open scored images by rank (the queue as the gallery shows it), `offset` then `limit`.
    public func rankedImages(projectID: Int64, offset: Int, limit: Int) throws -> [RankedImage] {
        try read { db in
            try SQLRow.fetchAll(db, literal: """
                SELECT i.*, s.rank AS queue_rank, s.score AS queue_score, s.predicted_label, s.confidence
                FROM image_scores s JOIN images i ON i.id = s.image_id
                WHERE s.project_id = \(projectID) AND i.status IN ('new', 'in_progress', 'rejected')
                ORDER BY s.rank LIMIT \(limit) OFFSET \(offset)
                """).map { row in
                RankedImage(image: try ImageRecord(row: row), rank: row["queue_rank"], score: row["queue_score"],
                            predictedLabel: row["predicted_label"], confidence: row["confidence"])
            }
        }
    }
}

/// What asking to hold an image gave: the hold, or the name of whoever holds it and until when.
public enum HoldOutcome: Sendable, Equatable {
    case held
    case heldBy(username: String, until: Date)
}
