// Feeds an export's rows to the COCO writer: labels become categories 1…n in label order. The rows
// are read on a thread of their own and handed over in batches, so reading SQLite and writing JSON
// run on two cores at once.
import Domain
import Foundation
import Store
import Web

public enum COCOExport {
    enum Item: Sendable {
        case labels([ExportLabel])
        case image(ExportImage)
        case shape(imageID: Int64, width: Int, height: Int, shape: Shape)
    }

    static let batchSize = 2_048

    public static func write(from database: any DatasetStore, projectID: Int64, snapshotID: Int64?, statuses: [ImageStatus],
                      description: String, version: String, to emit: @escaping ([UInt8]) throws -> Void) throws {
        let channel = BatchChannel<Item>()
        let reader = Thread {
            do {
                try database.readExport(projectID: projectID, snapshotID: snapshotID, statuses: statuses) { rows in
                    var batch: [Item] = [.labels(try rows.labels())]
                    batch.reserveCapacity(batchSize)
                    func add(_ item: Item) throws {
                        batch.append(item)
                        guard batch.count >= batchSize else { return }
                        guard channel.put(batch) else { throw CancellationError() }
                        batch.removeAll(keepingCapacity: true)
                    }
                    try rows.forEachImage { try add(.image($0)) }
                    try rows.forEachShape { try add(.shape(imageID: $0, width: $1, height: $2, shape: $3)) }
                    _ = channel.put(batch)
                }
                channel.close()
            } catch {
                channel.close(failure: error)
            }
        }
        reader.start()
        do {
            try writeItems(from: channel, description: description, version: version, to: emit)
        } catch {
            channel.cancel()
            throw error
        }
    }

    private static func writeItems(from channel: BatchChannel<Item>, description: String, version: String,
                                   to emit: @escaping ([UInt8]) throws -> Void) throws {
        let writer = COCOWriter(emit: emit)
        var categoryOf: [Int64: Int] = [:]
        var schemaOf: [Int64: [AttributeSpec]] = [:]
        while let batch = try channel.take() {
            for item in batch {
                switch item {
                case .labels(let labels):
                    for (index, label) in labels.enumerated() {
                        categoryOf[label.id] = index + 1
                        if !label.attributes.isEmpty { schemaOf[label.id] = label.attributes }
                    }
                    try writer.begin(description: description, version: version, dateCreated: Date().ISO8601Format(),
                                     categories: labels.map { COCOCategory(id: categoryOf[$0.id]!, name: $0.name) })
                case .image(let image):
                    var suggested: [Int: Int64] = [:]
                    for (label, version) in image.suggestedTags { if let category = categoryOf[label] { suggested[category] = version } }
                    try writer.add(COCOImage(id: image.id, fileName: image.fileName, width: image.width, height: image.height,
                                             tags: image.tagLabelIDs.compactMap { categoryOf[$0] }, suggestedTags: suggested))
                case .shape(let imageID, let width, let height, let shape):
                    guard let category = categoryOf[shape.labelID] else { continue }
                    try writer.add(shape, categoryID: category, imageID: imageID, width: width, height: height,
                                   attributes: schemaOf[shape.labelID]?.completed(shape.attributes) ?? [])
                }
            }
        }
        try writer.finish()
    }
}
