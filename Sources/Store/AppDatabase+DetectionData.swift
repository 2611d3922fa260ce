// What a detector learns from: every image with boxes or polygons (a polygon as its bounding box), in
// displayed-image pixels, and accepted images without any as negatives — from the live project or a
// frozen snapshot, read in one transaction.
import Domain
import Foundation

public struct DetectionImage: Sendable, Equatable {
    public struct Box: Sendable, Equatable {
        public let labelID: Int64
        public let x: Double, y: Double, width: Double, height: Double
    }

    public let imageID: Int64
    public let sha256: String
    /// The original upload, relative to the data directory.
    public let originalPath: String
    /// As displayed, after EXIF orientation: the pixels the boxes are in.
    public let width: Int
    public let height: Int
    /// Empty for a negative (an accepted image nobody drew on).
    public let boxes: [Box]
}

public struct DetectionSet: Sendable, Equatable {
    public let labels: [ExportLabel]
    public let images: [DetectionImage]
    public let snapshotID: Int64?

    public var boxCount: Int { images.reduce(0) { $0 + $1.boxes.count } }
}

extension AppDatabase {
    public func detectionSet(projectID: Int64, snapshotReference: String?) throws -> DetectionSet {
        try read { db in
            let snapshotID = try trainingSnapshotID(db, projectID: projectID, reference: snapshotReference)
            let labels = try ExportReader(db: db, projectID: projectID, snapshotID: snapshotID, statuses: []).labels()
            // The images in play (a snapshot's, else the project's) with the shapes drawn on them.
            let (candidates, shapes): (SQLQuery, SQLQuery) = if let snapshotID {
                ("SELECT i.id, i.sha256, i.original_path, i.width, i.height, 1 AS accepted FROM snapshot_images si JOIN images i ON i.id = si.image_id WHERE si.snapshot_id = \(snapshotID)",
                 "SELECT image_id, label_id, kind, x, y, w, h, points, position FROM snapshot_shapes WHERE snapshot_id = \(snapshotID)")
            } else {
                ("SELECT id, sha256, original_path, width, height, status = 'accepted' AS accepted FROM images WHERE project_id = \(projectID)",
                 "SELECT s.image_id, s.label_id, s.kind, s.x, s.y, s.w, s.h, s.points, s.position FROM shapes s JOIN images p ON p.id = s.image_id WHERE p.project_id = \(projectID)")
            }
            var boxes: [Int64: [DetectionImage.Box]] = [:]
            for row in try SQLRow.fetchAll(db, literal: "SELECT * FROM (\(shapes)) AS drawn WHERE kind IN ('bbox', 'polygon') ORDER BY image_id, position") {
                let box: DetectionImage.Box
                if (row["kind"] as String) == "polygon" {
                    let points = try ShapeCoding.points(fromJSON: row["points"])
                    let xs = points.map(\.x), ys = points.map(\.y)
                    box = .init(labelID: row["label_id"], x: xs.min() ?? 0, y: ys.min() ?? 0,
                                width: (xs.max() ?? 0) - (xs.min() ?? 0), height: (ys.max() ?? 0) - (ys.min() ?? 0))
                } else {
                    box = .init(labelID: row["label_id"], x: row["x"], y: row["y"], width: row["w"], height: row["h"])
                }
                boxes[row["image_id"], default: []].append(box)
            }
            let images = try SQLRow.fetchAll(db, literal: "\(candidates) ORDER BY 1").compactMap { row -> DetectionImage? in
                let id: Int64 = row["id"]
                let drawn = boxes[id] ?? []
                // An image counts when it has boxes, or is accepted with none (a true negative).
                guard !drawn.isEmpty || (row["accepted"] as Bool) else { return nil }
                return DetectionImage(imageID: id, sha256: row["sha256"], originalPath: row["original_path"],
                                      width: row["width"], height: row["height"], boxes: drawn)
            }
            return DetectionSet(labels: labels, images: images, snapshotID: snapshotID)
        }
    }
}
