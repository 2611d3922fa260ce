// What a project's dashboard reads: shapes per label, work per annotator per day, review outcomes,
// and each annotator's last version of images that two or more people labelled.
import Domain
import Foundation

public struct LabelUsage: Sendable, Equatable {
    public let name: String
    public let boxes: Int
    public let polygons: Int
    public let tags: Int
}

public struct DailyWork: Sendable, Equatable {
    public let username: String
    public let day: String
    /// Distinct images saved that day.
    public let images: Int
    public let saves: Int
}

extension AppDatabase {
    public func labelUsage(projectID: Int64) throws -> [LabelUsage] {
        try read { db in
            try SQLRow.fetchAll(db, literal: """
                SELECT l.name,
                       COUNT(*) FILTER (WHERE s.kind = 'bbox') AS boxes, COUNT(*) FILTER (WHERE s.kind = 'polygon') AS polygons,
                       COUNT(*) FILTER (WHERE s.kind = 'tag') AS tags
                FROM labels l LEFT JOIN shapes s ON s.label_id = l.id
                WHERE l.project_id = \(projectID) GROUP BY l.id ORDER BY l.id
                """).map { LabelUsage(name: $0["name"], boxes: $0["boxes"] ?? 0, polygons: $0["polygons"] ?? 0, tags: $0["tags"] ?? 0) }
        }
    }

    /// Saves per annotator per day (UTC), newest days first, at most `days` days back.
    public func dailyWork(projectID: Int64, days: Int = 30) throws -> [DailyWork] {
        let since = Date().addingTimeInterval(-Double(days) * 86_400)
        return try read { db in
            try SQLRow.fetchAll(db, literal: """
                SELECT COALESCE(u.username, 'deleted user') AS username, substr(r.saved_at, 1, 10) AS day,
                       COUNT(DISTINCT r.image_id) AS images, COUNT(*) AS saves
                FROM annotation_revisions r JOIN images i ON i.id = r.image_id LEFT JOIN users u ON u.id = r.user_id
                WHERE i.project_id = \(projectID) AND r.saved_at >= \(since)
                GROUP BY r.user_id, u.username, day ORDER BY day DESC, username
                """).map { DailyWork(username: $0["username"], day: $0["day"], images: $0["images"], saves: $0["saves"]) }
        }
    }

    /// Review decisions in the project: (accepted, rejected).
    public func reviewOutcomes(projectID: Int64) throws -> (accepted: Int, rejected: Int) {
        try read { db in
            let row = try SQLRow.fetchOne(db, literal: """
                SELECT COUNT(*) FILTER (WHERE r.decision = 'accepted') AS accepted,
                       COUNT(*) FILTER (WHERE r.decision = 'rejected') AS rejected
                FROM reviews r JOIN images i ON i.id = r.image_id WHERE i.project_id = \(projectID)
                """)
            return (row?["accepted"] ?? 0, row?["rejected"] ?? 0)
        }
    }

    /// For each image two or more people labelled: each person's last saved set of shapes, or for an
    /// overlap image each person's submitted copy.
    public func multiAnnotatorWork(projectID: Int64) throws -> [[AnnotatorWork]] {
        try read { db in
            let rows = try SQLRow.fetchAll(db, literal: """
                SELECT r.image_id, r.user_id, r.shapes FROM annotation_revisions r JOIN images i ON i.id = r.image_id
                WHERE i.project_id = \(projectID) AND r.user_id IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM overlap_images o WHERE o.image_id = r.image_id)
                  AND r.revision = (SELECT MAX(revision) FROM annotation_revisions r2 WHERE r2.image_id = r.image_id AND r2.user_id = r.user_id)
                ORDER BY r.image_id, r.user_id
                """)
            var byImage: [Int64: [AnnotatorWork]] = [:]
            var order: [Int64] = []
            for row in rows {
                let image: Int64 = row["image_id"]
                if byImage[image] == nil { order.append(image) }
                byImage[image, default: []].append(AnnotatorWork(shapes: try ShapeCoding.set(fromJSON: row["shapes"])))
            }
            return order.compactMap { byImage[$0] }.filter { $0.count >= 2 }
        } + overlapWork(projectID: projectID).map { $0.map(\.work) }
    }
}
