// The JSON shapes of snapshots and COCO import summaries.
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

struct ImportSummaryDTO: Encodable {
    let images: Int
    let shapes: Int
    let labelsCreated: Int
}
