// Streams a project (or snapshot) as a zip in one of the dataset formats. As for COCO, one thread
// reads the rows (images, then shapes in image order, grouped into one item per image) and the
// request's thread writes the format and the zip, so reading and writing share two cores.
import Archive
import Domain
import FileStore
import Foundation
import Store

extension ZipWriter: DatasetArchive {}

public enum DatasetExport {
    public struct Options: Sendable {
        public var snapshotID: Int64?
        public var statuses: [ImageStatus] = []
        public var splits: [DatasetSplit] = DatasetSplit.allCases
        public var validationFraction = 0.2
        /// Put each image's original file in the archive.
        public var includeImages = true

        public init(snapshotID: Int64? = nil) { self.snapshotID = snapshotID }
    }

    private enum Row: Sendable {
        case labels([DatasetLabel])
        case item(DatasetItem, originalPath: String?)
    }

    public static func write(from database: any DatasetStore, projectID: Int64, options: Options, writer: any DatasetWriter,
                      files: ContentStore, to emit: @escaping ([UInt8]) throws -> Void) throws {
        let channel = BatchChannel<Row>(capacity: 4)
        let reader = Thread {
            do {
                try readRows(from: database, projectID: projectID, options: options, into: channel)
                channel.close()
            } catch {
                channel.close(failure: error)
            }
        }
        reader.start()
        do {
            try writeRows(from: channel, writer: writer, includeImages: options.includeImages, files: files, to: emit)
        } catch {
            channel.cancel()
            throw error
        }
    }

    /// One item per image with every shape of it, in image id order, from one read transaction.
    private static func readRows(from database: any DatasetStore, projectID: Int64, options: Options, into channel: BatchChannel<Row>) throws {
        try database.readExport(projectID: projectID, snapshotID: options.snapshotID, statuses: options.statuses) { rows in
            let labels = try rows.labels().map { DatasetLabel(id: $0.id, name: $0.name, color: $0.color, attributes: $0.attributes) }
            guard channel.put([.labels(labels)]) else { throw CancellationError() }
            var images: [ExportImage] = []
            try rows.forEachImage { images.append($0) }
            var names = ExportFileNames()
            var next = 0
            var batch: [Row] = []
            var shapes: [Shape] = []
            func send(_ image: ExportImage) throws {
                let split = DatasetSplit.of(imageID: image.id, validationFraction: options.validationFraction)
                if options.splits.contains(split) {
                    let item = DatasetItem(imageID: image.id, fileName: names.name(for: image.fileName, imageID: image.id),
                                           width: image.width, height: image.height, split: split, shapes: shapes, tags: image.tagLabelIDs)
                    batch.append(.item(item, originalPath: image.originalPath))
                    if batch.count >= 256 {
                        guard channel.put(batch) else { throw CancellationError() }
                        batch.removeAll(keepingCapacity: true)
                    }
                }
                shapes.removeAll(keepingCapacity: true)
            }
            try rows.forEachShape { imageID, _, _, shape in
                while next < images.count, images[next].id < imageID {
                    try send(images[next])
                    next += 1
                }
                shapes.append(shape)
            }
            while next < images.count {
                try send(images[next])
                next += 1
            }
            _ = channel.put(batch)
        }
    }

    private static func writeRows(from channel: BatchChannel<Row>, writer: any DatasetWriter, includeImages: Bool,
                                  files: ContentStore, to emit: @escaping ([UInt8]) throws -> Void) throws {
        let zip = ZipWriter(emit: emit)
        var later: [(name: String, path: String)] = []
        while let batch = try channel.take() {
            for row in batch {
                switch row {
                case .labels(let labels):
                    try writer.begin(labels: labels, into: zip)
                case .item(let item, let originalPath):
                    try writer.add(item, into: zip)
                    guard includeImages, let originalPath else { continue }
                    if writer.writesOneFile {
                        later.append((writer.imagePath(for: item), originalPath))
                    } else {
                        try zip.add(writer.imagePath(for: item), try files.read(originalPath), compress: false)
                    }
                }
            }
        }
        try writer.finish(into: zip)
        for (name, path) in later { try zip.add(name, try files.read(path), compress: false) }
        try zip.finish()
    }
}
