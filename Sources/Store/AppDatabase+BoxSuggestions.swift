// Boxes a detector version proposes on images: written by predict jobs, read beside the image's shapes.
// A new run of a version replaces that version's open suggestions on an image; decided ones stay.
import Domain
import Foundation

public struct BoxSuggestion: Sendable, Equatable {
    public let id: Int64
    public let imageID: Int64
    /// nil for a suggestion imported from another tool; `source` says which.
    public let modelVersionID: Int64?
    public let labelID: Int64
    public let x: Double, y: Double, width: Double, height: Double
    public let score: Double
    /// Where an imported suggestion came from ("Label Studio: yolo-v8"); empty for a version's.
    public let source: String
}

/// One proposed box, before it is stored.
public struct ProposedBox: Sendable, Equatable {
    public let labelID: Int64
    public let x: Double, y: Double, width: Double, height: Double
    public let score: Double

    public init(labelID: Int64, x: Double, y: Double, width: Double, height: Double, score: Double) {
        (self.labelID, self.x, self.y, self.width, self.height, self.score) = (labelID, x, y, width, height, score)
    }
}

extension AppDatabase {
    /// The images a predict job looks at, with their displayed size: the project's open ones (new, in
    /// progress, rejected), or those in `status`.
    public func predictionCandidates(projectID: Int64, status: ImageStatus?) throws -> [DetectionImage] {
        try read { db in
            let statuses = status.map { [$0.rawValue] } ?? ["new", "in_progress", "rejected"]
            return try SQLRow.fetchAll(db, literal: """
                SELECT id, sha256, original_path, width, height FROM images
                WHERE project_id = \(projectID) AND status IN \(statuses) ORDER BY id
                """).map { row in
                DetectionImage(imageID: row["id"], sha256: row["sha256"], originalPath: row["original_path"],
                               width: row["width"], height: row["height"], boxes: [])
            }
        }
    }

    /// Replaces `versionID`'s open suggestions on each image with `boxes` (all images in one transaction).
    public func replaceBoxSuggestions(versionID: Int64, boxes: [Int64: [ProposedBox]]) throws {
        let now = Date()
        try write { db in
            for (imageID, proposed) in boxes {
                try db.execute(literal: """
                    DELETE FROM box_suggestions WHERE image_id = \(imageID) AND model_version_id = \(versionID) AND state = 'open'
                    """)
                for box in proposed {
                    try db.execute(literal: """
                        INSERT INTO box_suggestions (image_id, model_version_id, label_id, x, y, w, h, score, created_at)
                        VALUES (\(imageID), \(versionID), \(box.labelID), \(box.x), \(box.y), \(box.width), \(box.height), \(box.score), \(now))
                        """)
                }
            }
        }
    }

    /// Replaces the image's open suggestions from `source` with `boxes` (an import's predictions; in its transaction).
    static func replaceImportedSuggestions(_ db: StoreConnection, imageID: Int64, source: String, boxes: [(box: Shape, score: Double)]) throws {
        try db.execute(literal: """
            DELETE FROM box_suggestions WHERE image_id = \(imageID) AND model_version_id IS NULL AND source = \(source) AND state = 'open'
            """)
        let now = Date()
        for (box, score) in boxes {
            guard case .box(let label, let x, let y, let w, let h, _) = box else { continue }
            try db.execute(literal: """
                INSERT INTO box_suggestions (image_id, model_version_id, label_id, x, y, w, h, score, created_at, source)
                VALUES (\(imageID), NULL, \(label), \(x), \(y), \(w), \(h), \(score), \(now), \(source))
                """)
        }
    }

    /// The image's open suggestions, best first.
    public func boxSuggestions(imageID: Int64) throws -> [BoxSuggestion] {
        try lookup { db in
            try SQLRow.fetchAll(db, literal: """
                SELECT * FROM box_suggestions WHERE image_id = \(imageID) AND state = 'open' ORDER BY score DESC, id
                """).map(BoxSuggestion.init(row:))
        }
    }

    /// Every box `versionID` proposed on the project's images, whatever became of it, by image then
    /// score (for its COCO results export).
    public func predictedBoxes(projectID: Int64, versionID: Int64) throws -> [BoxSuggestion] {
        try read { db in
            try SQLRow.fetchAll(db, literal: """
                SELECT b.* FROM box_suggestions b JOIN images i ON i.id = b.image_id
                WHERE i.project_id = \(projectID) AND b.model_version_id = \(versionID) ORDER BY b.image_id, b.score DESC, b.id
                """).map(BoxSuggestion.init(row:))
        }
    }
}

extension BoxSuggestion {
    init(row: SQLRow) {
        self.init(id: row["id"], imageID: row["image_id"], modelVersionID: row["model_version_id"], labelID: row["label_id"],
                  x: row["x"], y: row["y"], width: row["w"], height: row["h"], score: row["score"], source: row["source"])
    }
}
