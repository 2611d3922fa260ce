// What a training job learns from: one sample per singly-tagged image, or one per box, from the
// live project or a frozen snapshot, read in one transaction.
import Domain
import Foundation

public struct TrainingSample: Sendable, Equatable {
    public let imageID: Int64
    public let sha256: String
    /// The original upload, relative to the data directory.
    public let originalPath: String
    public let labelID: Int64
    /// Boxes only: the crop, in displayed pixels.
    public let crop: Crop?

    public struct Crop: Sendable, Equatable {
        public let x: Double, y: Double, width: Double, height: Double
    }
}

public struct TrainingSet: Sendable, Equatable {
    /// Every label of the project (or snapshot), by id.
    public let labels: [ExportLabel]
    public let samples: [TrainingSample]
    /// Tags mode: images skipped because they carry more than one tag.
    public let imagesWithSeveralTags: Int
    /// The frozen snapshot read, if any (lineage of the model).
    public let snapshotID: Int64?
    /// Tags mode, live projects: samples whose tag an annotator accepted from a model's suggestion.
    public let confirmedSuggestions: Int
}

extension AppDatabase {
    /// The snapshot a job's `config.snapshot` names (nil: the live project); refused when the project has none of that name.
    func trainingSnapshotID(_ db: StoreConnection, projectID: Int64, reference: String?) throws -> Int64? {
        guard let reference else { return nil }
        guard let id = try snapshotID(db, projectID: projectID, reference: reference) else {
            throw StoreError.invalid(field: "config.snapshot", message: "This project has no snapshot called '\(reference)'.")
        }
        return id
    }

    public func trainingSet(projectID: Int64, snapshotReference: String?, source: TrainingConfig.Source) throws -> TrainingSet {
        try read { db in
            let snapshotID = try trainingSnapshotID(db, projectID: projectID, reference: snapshotReference)
            let labels = try ExportReader(db: db, projectID: projectID, snapshotID: snapshotID, statuses: []).labels()
            // Shapes come from the snapshot's copies or the live table; files always from `images`.
            let shapes: SQLQuery = if let snapshotID {
                "(SELECT image_id, label_id, kind, x, y, w, h, position FROM snapshot_shapes WHERE snapshot_id = \(snapshotID))"
            } else {
                "(SELECT s.image_id, s.label_id, s.kind, s.x, s.y, s.w, s.h, s.position FROM shapes s JOIN images p ON p.id = s.image_id WHERE p.project_id = \(projectID))"
            }
            let rows: [SQLRow]
            var severalTags = 0, confirmed = 0
            switch source {
            case .tags:
                rows = try SQLRow.fetchAll(db, literal: """
                    WITH tags AS (SELECT image_id, MIN(label_id) AS label_id, COUNT(*) AS n FROM \(shapes) sh
                                  WHERE kind = 'tag' GROUP BY image_id)
                    SELECT i.id, i.sha256, i.original_path, t.label_id, NULL AS x, NULL AS y, NULL AS w, NULL AS h
                    FROM tags t JOIN images i ON i.id = t.image_id WHERE t.n = 1 ORDER BY i.id
                    """)
                if snapshotID == nil {
                    confirmed = try Int.fetchOne(db, literal: """
                        SELECT COUNT(*) FROM shapes s JOIN images i ON i.id = s.image_id
                        WHERE i.project_id = \(projectID) AND s.kind = 'tag' AND s.suggested_by_version_id IS NOT NULL
                        """) ?? 0
                }
                severalTags = try Int.fetchOne(db, literal: """
                    SELECT COUNT(*) FROM (SELECT image_id FROM \(shapes) sh WHERE kind = 'tag' GROUP BY image_id HAVING COUNT(*) > 1) AS several
                    """) ?? 0
            case .boxes:
                rows = try SQLRow.fetchAll(db, literal: """
                    SELECT i.id, i.sha256, i.original_path, sh.label_id, sh.x, sh.y, sh.w, sh.h
                    FROM \(shapes) sh JOIN images i ON i.id = sh.image_id WHERE sh.kind = 'bbox'
                    ORDER BY i.id, sh.position
                    """)
            }
            let samples = rows.map { row in
                let x: Double? = row["x"]
                return TrainingSample(
                    imageID: row["id"], sha256: row["sha256"], originalPath: row["original_path"], labelID: row["label_id"],
                    crop: x.map { TrainingSample.Crop(x: $0, y: row["y"], width: row["w"], height: row["h"]) })
            }
            return TrainingSet(labels: labels, samples: samples, imagesWithSeveralTags: severalTags, snapshotID: snapshotID,
                               confirmedSuggestions: confirmed)
        }
    }
}
