// Propagation: shapes from one image added to the next images of its project, as a person carries a
// box along a sequence of frames. One transaction; each image changed gets a revision of its own.
import Domain
import Foundation

/// What a propagation did to one image.
public struct PropagationResult: Sendable, Equatable {
    public struct Changed: Sendable, Equatable {
        public let imageID: Int64
        public let revision: Int
        public let added: Int
    }

    public struct Skipped: Sendable, Equatable {
        public let imageID: Int64
        public let reason: String
    }

    public var changed: [Changed] = []
    public var skipped: [Skipped] = []
}

extension AppDatabase {
    /// Adds `shapes` to each of the `count` images after `imageID` in its project's upload order
    /// (among those of `status`, when given), clamped to each image; a shape with nothing left inside
    /// an image, or a tag it has, is left out there. Images the caller may not change now (submitted
    /// or accepted, for an annotator), and images labelled apart (overlap still collecting, ground
    /// truth), are skipped with the reason. The shapes are checked against the project's labels first:
    /// a wrong one refuses the whole request, naming it.
    public func propagateShapes(from imageID: Int64, shapes: [Shape], count: Int, status: ImageStatus?, canReview: Bool,
                                by who: Attribution) throws -> PropagationResult {
        guard (1...100).contains(count) else { throw StoreError.invalid(field: "count", message: "Propagate to 1–100 images.") }
        guard !shapes.isEmpty else { throw StoreError.invalid(field: "shapes", message: "Choose at least one shape to propagate.") }
        return try write { db in
            let source = try Self.existingImage(db, id: imageID)
            _ = try Self.validated(db, shapes: shapes, on: source, rules: ShapeValidation())
            let filter: SQLQuery = status.map { "AND i.status = \($0.rawValue)" } ?? ""
            let targets = try SQLRow.fetchAll(db, literal: """
                SELECT i.id, (SELECT o.state FROM overlap_images o WHERE o.image_id = i.id) AS overlap_state,
                       EXISTS (SELECT 1 FROM ground_truth g WHERE g.image_id = i.id) AS ground_truth
                FROM images i WHERE i.project_id = \(source.projectId) \(filter) AND i.id > \(imageID) ORDER BY i.id LIMIT \(count)
                """)
            var result = PropagationResult()
            for row in targets {
                let target = try Self.existingImage(db, id: row["id"])
                if (row["overlap_state"] as String?) == "collecting" || row["ground_truth"] as Bool {
                    result.skipped.append(.init(imageID: target.id, reason: "labelled apart (overlap or ground truth)"))
                    continue
                }
                guard ReviewFlow.mayEdit(target.status, canReview: canReview) else {
                    result.skipped.append(.init(imageID: target.id, reason: "\(target.status.rawValue.replacingOccurrences(of: "_", with: " ")): only a reviewer can change it"))
                    continue
                }
                let existing = try SQLRow.fetchAll(db, literal: "SELECT * FROM shapes WHERE image_id = \(target.id) ORDER BY position")
                    .map(ShapeCoding.shape(from:))
                let tagged = Set(existing.compactMap { if case .tag(let label, _) = $0 { label } else { nil } })
                let fitting = shapes.compactMap { shape -> Shape? in
                    if case .tag(let label, _) = shape, tagged.contains(label) { return nil }
                    // Its place alone decides here; its label and attributes were checked above.
                    let place = shape.with(attributes: [:])
                    return (try? ShapeValidation().validated([place], width: target.width, height: target.height, labels: [shape.labelID])) == nil
                        ? nil : shape
                }
                guard !fitting.isEmpty else {
                    result.skipped.append(.init(imageID: target.id, reason: "nothing of the shapes falls inside it"))
                    continue
                }
                let origins = try Self.shapeOrigins(db, imageID: target.id)
                let valid = try Self.validated(db, shapes: existing + fitting, on: target, rules: ShapeValidation())
                let revision = try Self.replaceShapes(db, image: target, with: valid, origins: origins, by: who)
                result.changed.append(.init(imageID: target.id, revision: revision, added: fitting.count))
            }
            return result
        }
    }
}
