// COCO import: labels from categories, shapes onto the project's images matched by file name,
// all in one transaction, so a bad file changes nothing.
import Domain
import Foundation

public struct ImportSummary: Sendable, Equatable {
    public let images: Int
    public let shapes: Int
    public let labelsCreated: Int
}

extension AppDatabase {
    /// Replaces the shapes of every image the file names (each gets a new revision, like a save);
    /// creates the labels it lacks; first adds `newImages` (unpacked from a zip, files already
    /// stored) unless the project has their bytes. Errors name the file's JSON path.
    public func importCOCO(_ document: COCODocument, projectID: Int64, newImages: [NewImage] = [], by who: Attribution) throws -> ImportSummary {
        try write { db in
            guard try Int.fetchOne(db, literal: "SELECT 1 FROM projects WHERE id = \(projectID)") != nil else {
                throw StoreError.notFound(entity: "project")
            }
            for image in newImages { _ = try Self.insertImage(db, image, by: who) }
            // Categories → labels, matched by name (case-insensitively), created when missing.
            var labelOf: [Int64: Int64] = [:]
            var created = 0
            let existing = try Label.fetchAll(db, literal: "SELECT * FROM labels WHERE project_id = \(projectID)")
            for (index, category) in document.categories.enumerated() {
                if let label = existing.first(where: { $0.name.lowercased() == category.name.lowercased() }) {
                    labelOf[Int64(category.id)] = label.id
                    continue
                }
                let (name, color, _) = try Self.validLabel(name: category.name, color: LabelPalette.color(at: existing.count + created),
                                                           hotkey: nil, field: "categories[\(index)].name")
                labelOf[Int64(category.id)] = try Int64.fetchOne(db, literal: """
                    INSERT INTO labels (project_id, name, color, hotkey, created_at, position)
                    VALUES (\(projectID), \(name), \(color), NULL, \(Date()), \(Self.nextLabelPosition(projectID)))
                    RETURNING id
                    """)!
                created += 1
            }
            // Images by file name; the file's sizes, when given, must be the displayed ones.
            var recordOf: [Int: ImageRecord] = [:]
            for image in document.images {
                // Stored names are the last path component (uploads keep no folders).
                let name = FileName.sanitised(image.fileName, fallback: image.fileName)
                let matches = try ImageRecord.fetchAll(
                    db, literal: "SELECT * FROM images WHERE project_id = \(projectID) AND file_name = \(name) LIMIT 2")
                guard let record = matches.first else {
                    throw StoreError.invalid(field: "\(image.path).file_name", message: "No image in this project is called '\(image.fileName)'. Upload it first.")
                }
                guard matches.count == 1 else {
                    throw StoreError.invalid(field: "\(image.path).file_name", message: "Several images in this project are called '\(image.fileName)'.")
                }
                for (name, given, actual) in [("width", image.width, record.width), ("height", image.height, record.height)] {
                    if let given, given != actual {
                        throw StoreError.invalid(field: "\(image.path).\(name)", message: """
                            The file says \(name) \(given), but '\(image.fileName)' is \(actual) as displayed (after EXIF orientation).
                            """)
                    }
                }
                recordOf[image.id] = record
            }
            // Shapes per image, validated like a save; a rule broken names the annotation's path.
            var shapesOf: [Int: [(shape: Shape, path: String)]] = [:]
            for annotation in document.annotations {
                let shape = Self.relabelled(annotation.shape, to: labelOf[annotation.shape.labelID]!)
                shapesOf[annotation.imageID, default: []].append((shape, annotation.path))
            }
            let labels = Set(try Int64.fetchAll(db, literal: "SELECT id FROM labels WHERE project_id = \(projectID)"))
            var shapeCount = 0
            for image in document.images {
                let record = recordOf[image.id]!
                let pending = shapesOf[image.id] ?? []
                let valid: [Shape]
                do {
                    valid = try ShapeValidation().validated(pending.map(\.shape), width: record.width, height: record.height, labels: labels)
                } catch let violation as ShapeRuleViolation {
                    let index = Int(violation.field.dropFirst("shapes[".count).prefix { $0.isNumber }) ?? 0
                    let path = pending.indices.contains(index) ? pending[index].path : image.path
                    throw StoreError.invalid(field: path, message: violation.message)
                }
                try Self.replaceShapes(db, image: record, with: valid, by: who)
                shapeCount += valid.count
            }
            try Self.appendAudit(db, by: who, action: "coco.imported", target: "project:\(projectID)",
                                 detail: "\(document.images.count) images, \(shapeCount) shapes, \(created) new labels")
            return ImportSummary(images: document.images.count, shapes: shapeCount, labelsCreated: created)
        }
    }

    static func relabelled(_ shape: Shape, to label: Int64) -> Shape {
        switch shape {
        case .box(_, let x, let y, let w, let h): .box(labelID: label, x: x, y: y, width: w, height: h)
        case .polygon(_, let points): .polygon(labelID: label, points: points)
        case .tag: .tag(labelID: label)
        }
    }
}
