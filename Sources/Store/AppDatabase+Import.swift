// Imports in any format: labels from categories, shapes onto images — new ones from the upload or
// the project's own, matched by file name — all in one transaction, so a bad file changes nothing.
// A dry run does all of it and rolls it back, so its report is exactly what the import would do.
import Domain
import Foundation

public struct ImportOptions: Sendable {
    /// Create labels the file names and the project lacks; otherwise such a label is an error.
    public var createLabels = true
    /// Report, change nothing.
    public var dryRun = false

    public init(createLabels: Bool = true, dryRun: Bool = false) {
        self.createLabels = createLabels
        self.dryRun = dryRun
    }
}

public struct ImportReport: Sendable, Equatable {
    public enum Action: String, Sendable {
        /// A new image from the upload.
        case create
        /// An image the project had (by name, or the same bytes uploaded before).
        case match
    }

    /// One image the file describes, where the file describes it, and what becomes of it.
    public struct Item: Sendable, Equatable {
        public let path: String
        public let fileName: String
        public let action: Action
        /// nil on a dry run for an image that would be created.
        public let imageID: Int64?
        public let shapes: Int
        public let suggestions: Int
    }

    public var items: [Item] = []
    public var skipped: [DatasetDocument.Skip] = []
    public var labelsCreated: [String] = []
    public var dryRun = false

    public var shapes: Int { items.reduce(0) { $0 + $1.shapes } }
    public var suggestions: Int { items.reduce(0) { $0 + $1.suggestions } }
    public var created: Int { items.count { $0.action == .create } }
}

/// Thrown inside a dry run's transaction to roll it back with its report.
private struct DryRunFinished: Error { let report: ImportReport }

extension AppDatabase {
    /// Replaces the shapes of every image the document describes (each gets a new revision, like a
    /// save); adds `newImages` (keyed by the document's image id, files already stored) unless the
    /// project has their bytes; creates the labels it lacks. Errors name the file and place.
    public func importDataset(_ document: DatasetDocument, projectID: Int64, newImages: [Int: NewImage] = [:],
                              options: ImportOptions = ImportOptions(), by who: Attribution) throws -> ImportReport {
        do {
            return try write { db in
                let report = try Self.importDataset(db, document, projectID: projectID, newImages: newImages, options: options, by: who)
                if options.dryRun { throw DryRunFinished(report: report) }
                return report
            }
        } catch let finished as DryRunFinished {
            return finished.report
        }
    }

    private static func importDataset(_ db: StoreConnection, _ document: DatasetDocument, projectID: Int64, newImages: [Int: NewImage],
                                      options: ImportOptions, by who: Attribution) throws -> ImportReport {
        guard try Int.fetchOne(db, literal: "SELECT 1 FROM projects WHERE id = \(projectID)") != nil else {
            throw StoreError.notFound(entity: "project")
        }
        var report = ImportReport(skipped: document.skipped, dryRun: options.dryRun)
        let labelOf = try labelsForImport(db, document, projectID: projectID, options: options, report: &report)
        let records = try recordsForImport(db, document, projectID: projectID, newImages: newImages, by: who)
        // Shapes per image, in pixels, validated like a save; a rule broken names the file's place.
        var shapesOf: [Int: [(shape: Shape, path: String)]] = [:]
        for annotation in document.annotations {
            guard let (record, _) = records[annotation.imageID] else { continue }
            var shape = annotation.shape.relabelled(to: labelOf[annotation.shape.labelID]!)
            if annotation.relative { shape = inPixels(shape, width: record.width, height: record.height) }
            shapesOf[annotation.imageID, default: []].append((shape, annotation.path))
        }
        var suggestionsOf: [Int: [DatasetDocument.Suggestion]] = [:]
        for suggestion in document.suggestions { suggestionsOf[suggestion.imageID, default: []].append(suggestion) }
        let labels = Set(try Int64.fetchAll(db, literal: "SELECT id FROM labels WHERE project_id = \(projectID)"))
        for image in document.images {
            let (record, action) = records[image.id]!
            let pending = shapesOf[image.id] ?? []
            let valid: [Shape]
            do {
                valid = try ShapeValidation().validated(pending.map(\.shape), width: record.width, height: record.height, labels: labels)
            } catch let violation as ShapeRuleViolation {
                let index = Int(violation.field.dropFirst("shapes[".count).prefix { $0.isNumber }) ?? 0
                let path = pending.indices.contains(index) ? pending[index].path : image.path
                throw StoreError.invalid(field: path, message: violation.message)
            }
            _ = try replaceShapes(db, image: record, with: valid, by: who)
            let suggested = try importedSuggestions(suggestionsOf[image.id] ?? [], labelOf: labelOf, labels: labels, image: record)
            for (source, boxes) in Dictionary(grouping: suggested, by: \.source) {
                try replaceImportedSuggestions(db, imageID: record.id, source: source, boxes: boxes.map { ($0.box, $0.score) })
            }
            report.items.append(.init(path: image.path, fileName: record.fileName, action: action,
                                      imageID: options.dryRun && action == .create ? nil : record.id,
                                      shapes: valid.count, suggestions: (suggestionsOf[image.id] ?? []).count))
        }
        try appendAudit(db, by: who, action: "dataset.imported", target: "project:\(projectID)",
                        detail: "\(report.items.count) images (\(report.created) new), \(report.shapes) shapes, \(report.labelsCreated.count) new labels")
        return report
    }

    /// Categories → labels, matched by name (case-insensitively), created when missing and allowed.
    private static func labelsForImport(_ db: StoreConnection, _ document: DatasetDocument, projectID: Int64, options: ImportOptions,
                                        report: inout ImportReport) throws -> [Int64: Int64] {
        var labelOf: [Int64: Int64] = [:]
        let existing = try Label.fetchAll(db, literal: "SELECT * FROM labels WHERE project_id = \(projectID)")
        let missing = document.categories.filter { category in !existing.contains { $0.name.lowercased() == category.name.lowercased() } }
        if !options.createLabels, !missing.isEmpty {
            throw StoreError.invalid(field: "labels", message: """
                The file uses labels this project lacks: \(missing.map(\.name).joined(separator: ", ")). \
                Add them, or import with create_labels=1.
                """)
        }
        for (index, category) in document.categories.enumerated() {
            if let label = existing.first(where: { $0.name.lowercased() == category.name.lowercased() }) {
                labelOf[Int64(category.id)] = label.id
                continue
            }
            let (name, color, _) = try validLabel(name: category.name, color: LabelPalette.color(at: existing.count + report.labelsCreated.count),
                                                  hotkey: nil, field: "categories[\(index)].name")
            labelOf[Int64(category.id)] = try Int64.fetchOne(db, literal: """
                INSERT INTO labels (project_id, name, color, hotkey, created_at, position)
                VALUES (\(projectID), \(name), \(color), NULL, \(Date()), \(nextLabelPosition(projectID)))
                RETURNING id
                """)!
            report.labelsCreated.append(name)
        }
        return labelOf
    }

    /// Each described image's row: added from the upload, or the project's by file name (exact, else
    /// the one with that name in any case; YOLO: the one with that stem). Sizes a file gives must be
    /// the displayed ones.
    private static func recordsForImport(_ db: StoreConnection, _ document: DatasetDocument, projectID: Int64, newImages: [Int: NewImage],
                                         by who: Attribution) throws -> [Int: (ImageRecord, ImportReport.Action)] {
        let project = try ImageRecord.fetchAll(db, literal: "SELECT * FROM images WHERE project_id = \(projectID)")
        let byName = Dictionary(grouping: project, by: \.fileName)
        let byLowerName = Dictionary(grouping: project) { $0.fileName.lowercased() }
        let byStem = Dictionary(grouping: project) { DatasetPath.stem($0.fileName).lowercased() }
        var records: [Int: (ImageRecord, ImportReport.Action)] = [:]
        var taken: [Int64: String] = [:]
        for image in document.images {
            let record: ImageRecord, action: ImportReport.Action
            if let new = newImages[image.id] {
                let stored = try insertImage(db, new, by: who)
                (record, action) = (stored.image, stored.duplicate ? .match : .create)
            } else {
                // Stored names are the last path component (uploads keep no folders).
                let name = FileName.sanitised(image.fileName, fallback: image.fileName)
                let matches = image.matchesStem ? byStem[name.lowercased()] ?? [] : byName[name] ?? byLowerName[name.lowercased()] ?? []
                guard let found = matches.first else {
                    throw StoreError.invalid(field: "\(image.path).file_name", message: image.matchesStem
                        ? "No image for this label file: the upload has no image called '\(image.fileName)' with any extension, nor does the project."
                        : "No image called '\(image.fileName)' is in the upload or the project. Upload it first, or put it in the zip.")
                }
                guard matches.count == 1 else {
                    throw StoreError.invalid(field: "\(image.path).file_name", message: "Several images in this project are called '\(image.fileName)'.")
                }
                (record, action) = (found, .match)
            }
            for (name, given, actual) in [("width", image.width, record.width), ("height", image.height, record.height)] {
                if let given, given != actual {
                    throw StoreError.invalid(field: "\(image.path).\(name)", message: """
                        The file says \(name) \(given), but '\(record.fileName)' is \(actual) as displayed (after EXIF orientation).
                        """)
                }
            }
            if let other = taken[record.id] {
                throw StoreError.invalid(field: "\(image.path).file_name", message: "'\(image.fileName)' is the same image as \(other); describe it once.")
            }
            taken[record.id] = image.path
            records[image.id] = (record, action)
        }
        return records
    }

    /// An import's predicted boxes in pixels, each checked as a saved box would be.
    private static func importedSuggestions(_ suggestions: [DatasetDocument.Suggestion], labelOf: [Int64: Int64], labels: Set<Int64>,
                                            image: ImageRecord) throws -> [(box: Shape, score: Double, source: String)] {
        try suggestions.map { suggestion in
            let box = inPixels(suggestion.box.relabelled(to: labelOf[suggestion.box.labelID]!), width: image.width, height: image.height)
            do {
                let valid = try ShapeValidation().validated([box], width: image.width, height: image.height, labels: labels)
                return (valid.first ?? box, suggestion.score, suggestion.source)
            } catch let violation as ShapeRuleViolation {
                throw StoreError.invalid(field: suggestion.path, message: violation.message)
            }
        }
    }

    /// Fractions of the image → pixels; a polygon that is exactly an upright rectangle's 4 corners
    /// (how YOLO's segment layout writes a box) becomes a box again.
    static func inPixels(_ shape: Shape, width: Int, height: Int) -> Shape {
        let (w, h) = (Double(width), Double(height))
        func round(_ value: Double) -> Double { (value * 100).rounded() / 100 }
        switch shape {
        case .box(let label, let x, let y, let bw, let bh, _):
            let (left, top) = (round(x * w), round(y * h))
            return .box(labelID: label, x: left, y: top, width: round((x + bw) * w) - left, height: round((y + bh) * h) - top)
        case .polygon(let label, let points, _):
            let flat = points.flatMap { [round($0.x * w), round($0.y * h)] }
            if let box = COCOAnnotation.boxCorners(flat) { return .box(labelID: label, x: box.x, y: box.y, width: box.width, height: box.height) }
            return .polygon(labelID: label, points: stride(from: 0, to: flat.count, by: 2).map { Point(x: flat[$0], y: flat[$0 + 1]) })
        case .tag:
            return shape
        }
    }
}
