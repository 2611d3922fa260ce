// What an export reads: labels, images with their tags, then shapes in order, all from one read
// transaction (so the file is consistent while annotators keep saving), row by row from cursors.
import Domain
import Foundation

public struct ExportLabel: Sendable, Equatable {
    public let id: Int64
    public let name: String
    /// `#rrggbb`.
    public var color: String = "#888888"
    /// What its shapes carry; exports write each shape's values, defaults filled in.
    public var attributes: [AttributeSpec] = []
}

public struct ExportImage: Sendable, Equatable {
    public let id: Int64
    public let fileName: String
    public let width: Int
    public let height: Int
    public let tagLabelIDs: [Int64]
    /// Live exports: the tags an annotator accepted from a model's suggestion, as label id → model version id.
    public var suggestedTags: [Int64: Int64] = [:]
    /// The original file, relative to the content store; nil for a snapshot's image deleted since.
    public var originalPath: String?
}

/// Reads one export's rows; valid only inside the `readExport` closure that hands it out.
public struct ExportReader {
    let db: StoreConnection
    let projectID: Int64
    /// nil: the live project.
    let snapshotID: Int64?
    /// Live exports only: just the images in these statuses (empty: all).
    let statuses: [ImageStatus]

    public func labels() throws -> [ExportLabel] {
        let rows = if let snapshotID {
            try SQLRow.fetchAll(db, literal: """
                SELECT label_id, name, color, attributes FROM snapshot_labels WHERE snapshot_id = \(snapshotID) ORDER BY label_id
                """)
        } else {
            try SQLRow.fetchAll(db, literal: "SELECT id, name, color, attributes FROM labels WHERE project_id = \(projectID) ORDER BY id")
        }
        return try rows.map { ExportLabel(id: $0[0], name: $0[1], color: $0[2], attributes: try ShapeCoding.schema(fromJSON: $0[3])) }
    }

    /// Images in id order, each with the labels tagged on it.
    public func forEachImage(_ body: (ExportImage) throws -> Void) throws {
        let request = if let snapshotID {
            ("""
                SELECT si.image_id, si.file_name, si.width, si.height,
                       (SELECT \(db.dialect.commaList("ss.label_id")) FROM snapshot_shapes ss
                        WHERE ss.snapshot_id = si.snapshot_id AND ss.image_id = si.image_id AND ss.kind = 'tag'),
                       NULL, i.original_path
                FROM snapshot_images si LEFT JOIN images i ON i.id = si.image_id
                WHERE si.snapshot_id = \(snapshotID) ORDER BY si.image_id
                """) as SQLQuery
        } else {
            ("""
                SELECT i.id, i.file_name, i.width, i.height,
                       (SELECT \(db.dialect.commaList("s.label_id")) FROM shapes s WHERE s.image_id = i.id AND s.kind = 'tag'),
                       (SELECT \(db.dialect.commaList("s.label_id || ':' || s.suggested_by_version_id")) FROM shapes s
                        WHERE s.image_id = i.id AND s.kind = 'tag' AND s.suggested_by_version_id IS NOT NULL),
                       i.original_path
                FROM images i WHERE i.project_id = \(projectID) \(statusFilter) ORDER BY i.id
                """) as SQLQuery
        }
        try db.forEachRow(request) { row in
            let tags: String? = row[4], suggested: String? = row[5]
            var image = ExportImage(id: row[0], fileName: row[1], width: row[2], height: row[3],
                                    tagLabelIDs: tags?.split(separator: ",").compactMap { Int64($0) } ?? [], originalPath: row[6])
            for pair in suggested?.split(separator: ",") ?? [] {
                let parts = pair.split(separator: ":").compactMap { Int64($0) }
                if parts.count == 2 { image.suggestedTags[parts[0]] = parts[1] }
            }
            try body(image)
        }
    }

    /// Boxes and polygons (not tags) in image id order, then in the order they were saved,
    /// each with its image's size.
    public func forEachShape(_ body: (_ imageID: Int64, _ width: Int, _ height: Int, _ shape: Shape) throws -> Void) throws {
        let request = if let snapshotID {
            ("""
                SELECT ss.image_id, si.width, si.height, ss.kind, ss.label_id, ss.x, ss.y, ss.w, ss.h, ss.points, ss.attributes
                FROM snapshot_images si
                JOIN snapshot_shapes ss ON ss.snapshot_id = si.snapshot_id AND ss.image_id = si.image_id
                WHERE si.snapshot_id = \(snapshotID) AND ss.kind != 'tag' ORDER BY si.image_id, ss.position
                """) as SQLQuery
        } else {
            ("""
                SELECT s.image_id, i.width, i.height, s.kind, s.label_id, s.x, s.y, s.w, s.h, s.points, s.attributes
                FROM images i JOIN shapes s ON s.image_id = i.id
                WHERE i.project_id = \(projectID) \(statusFilter) AND s.kind != 'tag' ORDER BY i.id, s.position
                """) as SQLQuery
        }
        try db.forEachRow(request) { row in
            let label: Int64 = row[4]
            let values = row.isNull(at: 10) ? [:] : try ShapeCoding.attributes(fromJSON: row[10] as String)
            let shape: Shape
            if row.isNull(at: 9) {  // no points: a box (tags are filtered out); no String made per row
                shape = .box(labelID: label, x: row[5], y: row[6], width: row[7], height: row[8], attributes: values)
            } else {
                shape = .polygon(labelID: label, points: try ShapeCoding.points(fromJSON: row[9]), attributes: values)
            }
            try body(row[0], row[1], row[2], shape)
        }
    }

    private var statusFilter: SQLQuery {
        guard !statuses.isEmpty else { return "" }
        return "AND i.status IN \(statuses.map(\.rawValue))"
    }
}

extension AppDatabase {
    /// Runs `body` with a reader over the project (or one of its snapshots) inside one read
    /// transaction. The reader must not escape the closure.
    public func exportLabels(projectID: Int64) throws -> [ExportLabel] {
        try read { db in try ExportReader(db: db, projectID: projectID, snapshotID: nil, statuses: []).labels() }
    }

    public func readExport(projectID: Int64, snapshotID: Int64? = nil, statuses: [ImageStatus] = [],
                           _ body: (ExportReader) throws -> Void) throws {
        try read { db in
            try body(ExportReader(db: db, projectID: projectID, snapshotID: snapshotID, statuses: statuses))
        }
    }
}
