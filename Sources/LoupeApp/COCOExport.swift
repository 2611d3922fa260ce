// Feeds an export reader's rows to the COCO writer: labels become categories 1…n in label order.
import Domain
import Foundation
import Store
import Web

enum COCOExport {
    static func write(from reader: ExportReader, description: String, version: String,
                      to emit: @escaping ([UInt8]) throws -> Void) throws {
        let labels = try reader.labels()
        var categoryOf: [Int64: Int] = [:]
        for (index, label) in labels.enumerated() { categoryOf[label.id] = index + 1 }
        let writer = COCOWriter(emit: emit)
        try writer.begin(description: description, version: version, dateCreated: Date().ISO8601Format(),
                         categories: labels.map { COCOCategory(id: categoryOf[$0.id]!, name: $0.name) })
        try reader.forEachImage { image in
            try writer.add(COCOImage(id: image.id, fileName: image.fileName, width: image.width, height: image.height,
                                     tags: image.tagLabelIDs.compactMap { categoryOf[$0] }))
        }
        try reader.forEachShape { imageID, width, height, shape in
            guard let category = categoryOf[shape.labelID] else { return }
            try writer.add(shape, categoryID: category, imageID: imageID, width: width, height: height)
        }
        try writer.finish()
    }
}
