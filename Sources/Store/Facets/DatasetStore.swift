// What leaves and enters a project as a dataset: snapshots, imports and export reads.
import Domain
import Foundation

/// The dataset controllers' view of the store.
public protocol DatasetStore: Sendable {
    func snapshots(projectID: Int64) throws -> [Snapshot]
    /// Copies every accepted image of the project with its shapes, and every label, in one
    /// transaction. Nothing refers back to the live rows, so the snapshot never changes.
    func createSnapshot(projectID: Int64, name rawName: String, by who: Attribution) throws -> Snapshot
    /// The project's snapshot called `reference`, or else the one whose id it is.
    func snapshot(projectID: Int64, reference: String) throws -> Snapshot?
    /// Replaces the shapes of every image the document describes (each gets a new revision, like a
    /// save); adds `newImages` (keyed by the document's image id, files already stored) unless the
    /// project has their bytes; creates the labels it lacks. Errors name the file and place.
    /// A dry run reports the same and changes nothing.
    func importDataset(_ document: DatasetDocument, projectID: Int64, newImages: [Int: NewImage],
                       options: ImportOptions, by who: Attribution) throws -> ImportReport
    /// Runs `body` with a reader over the project (or one of its snapshots) inside one read
    /// transaction. The reader must not escape the closure.
    /// Every box a version proposed on the project's images, whatever became of it, by image then score.
    func predictedBoxes(projectID: Int64, versionID: Int64) throws -> [BoxSuggestion]
    /// The live project's labels in the order its COCO export numbers them (category i + 1).
    func exportLabels(projectID: Int64) throws -> [ExportLabel]
    func readExport(projectID: Int64, snapshotID: Int64?, statuses: [ImageStatus], _ body: (ExportReader) throws -> Void) throws
}

extension AppDatabase: DatasetStore {}
