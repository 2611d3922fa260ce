// The JSON shapes of snapshots and import reports.
import Domain
import Foundation
import Store
import Web

struct SnapshotDTO: Encodable {
    let id: Int64
    let name: String
    let createdAt: Date
    let imageCount: Int
    let shapeCount: Int
    let exportUrl: String

    init(_ snapshot: Snapshot) {
        id = snapshot.id
        name = snapshot.name
        createdAt = snapshot.createdAt
        imageCount = snapshot.imageCount
        shapeCount = snapshot.shapeCount
        exportUrl = "/api/v1/projects/\(snapshot.projectId)/export/coco?snapshot=\(snapshot.id)"
    }
}

/// What an import did (or, on a dry run, would do), image by image.
public struct ImportReportDTO: Encodable {
    struct File: Encodable {
        let path: String
        let fileName: String
        /// create | match
        let action: String
        let imageId: Int64?
        let shapes: Int
        let suggestions: Int
    }

    struct Skipped: Encodable {
        let path: String
        let message: String
    }

    let dryRun: Bool
    let images: Int
    let imagesCreated: Int
    let shapes: Int
    let suggestions: Int
    let labelsCreated: Int
    let newLabels: [String]
    let files: [File]
    let skipped: [Skipped]

    public init(_ report: ImportReport) {
        dryRun = report.dryRun
        images = report.items.count
        imagesCreated = report.created
        shapes = report.shapes
        suggestions = report.suggestions
        labelsCreated = report.labelsCreated.count
        newLabels = report.labelsCreated
        files = report.items.map {
            File(path: $0.path, fileName: $0.fileName, action: $0.action.rawValue, imageId: $0.imageID, shapes: $0.shapes, suggestions: $0.suggestions)
        }
        skipped = report.skipped.map { Skipped(path: $0.path, message: $0.message) }
    }
}
