// Labels and annotation saves on a real SQLite file: uniqueness, in-use deletes, revisions, conflicts.
import Domain
import Foundation
import Testing
@testable import Store

@Suite struct AnnotationStoreTests {
    let database: AppDatabase
    let project: Project
    let image: ImageRecord

    init() throws {
        database = try AppDatabase.openTemporary()
        project = try database.createProject(name: "P", description: "", by: .commandLine)
        image = try database.addImage(NewImage(projectId: project.id, fileName: "a.jpg", sha256: "aa", format: "jpeg", byteSize: 1,
                                               width: 100, height: 50, orientation: 1, originalPath: "o", thumbnailPath: "t",
                                               displayPath: nil), by: .commandLine).image
    }

    @Test func labelsAreUniqueAndChecked() throws {
        _ = try database.createLabel(projectID: project.id, name: "Car", color: "#E5484D", hotkey: "1", by: .commandLine)
        #expect(throws: StoreError.duplicate(field: "name", value: "car")) {
            try database.createLabel(projectID: project.id, name: "car", color: "#000000", hotkey: nil, by: .commandLine)
        }
        #expect(throws: StoreError.duplicate(field: "hotkey", value: "1")) {
            try database.createLabel(projectID: project.id, name: "Bus", color: "#000000", hotkey: "1", by: .commandLine)
        }
        #expect(throws: StoreError.self) { try database.createLabel(projectID: project.id, name: "Bus", color: "red", hotkey: nil, by: .commandLine) }
        #expect(throws: StoreError.self) { try database.createLabel(projectID: project.id, name: "Bus", color: "#000000", hotkey: "0", by: .commandLine) }
        #expect(try database.labels(projectID: project.id).first?.color == "#e5484d")
    }

    @Test func savesReplaceTheSetUnderARevision() throws {
        let car = try database.createLabel(projectID: project.id, name: "Car", color: "#e5484d", hotkey: nil, by: .commandLine)
        // When an annotator saves on revision 0
        let who = Attribution(userID: nil, username: "ann", remoteAddress: "x")
        let first = try database.saveAnnotations(imageID: image.id, expectedRevision: 0, shapes: [
            .box(labelID: car.id, x: 90, y: 10, width: 50, height: 10), .tag(labelID: car.id)], by: who)
        // Then revision 1 holds the clamped set, the image is in progress, and a revision row was kept
        #expect(first.revision == 1)
        #expect(try database.annotations(imageID: image.id).shapes == [.box(labelID: car.id, x: 90, y: 10, width: 10, height: 10), .tag(labelID: car.id)])
        #expect(try database.image(id: image.id)?.status == .inProgress)
        // When another save still claims revision 0, it is refused and nothing changes
        #expect(throws: StoreError.staleRevision(current: 1)) {
            try database.saveAnnotations(imageID: image.id, expectedRevision: 0, shapes: [], by: who)
        }
        #expect(try database.annotations(imageID: image.id).shapes.count == 2)
        // And an invalid set is refused with its field path, leaving revision 1 in place
        #expect(throws: StoreError.invalid(field: "shapes[0].label_id", message: "Label 999 is not a label of this project.")) {
            try database.saveAnnotations(imageID: image.id, expectedRevision: 1, shapes: [.tag(labelID: 999)], by: who)
        }
        _ = try database.saveAnnotations(imageID: image.id, expectedRevision: 1, shapes: [], by: who)
        #expect(try database.annotations(imageID: image.id) == (2, []))
        let kept = try database.read { db in
            try Int.fetchOne(db, literal: "SELECT COUNT(*) FROM annotation_revisions WHERE image_id = \(image.id)")
        }
        #expect(kept == 2)  // each save keeps its revision
    }

    @Test func labelsInUseAreReassignedNotOrphaned() throws {
        let car = try database.createLabel(projectID: project.id, name: "Car", color: "#e5484d", hotkey: nil, by: .commandLine)
        let vehicle = try database.createLabel(projectID: project.id, name: "Vehicle", color: "#3e63dd", hotkey: nil, by: .commandLine)
        _ = try database.saveAnnotations(imageID: image.id, expectedRevision: 0, shapes: [
            .tag(labelID: car.id), .tag(labelID: vehicle.id), .box(labelID: car.id, x: 1, y: 1, width: 5, height: 5)], by: .commandLine)
        #expect(throws: StoreError.inUse(entity: "label", count: 2)) { try database.deleteLabel(id: car.id, reassignTo: nil, by: .commandLine) }
        try database.deleteLabel(id: car.id, reassignTo: vehicle.id, by: .commandLine)
        // The box moved over; the tag was not doubled
        #expect(try database.annotations(imageID: image.id).shapes == [.tag(labelID: vehicle.id), .box(labelID: vehicle.id, x: 1, y: 1, width: 5, height: 5)])
        #expect(try database.labels(projectID: project.id).map(\.name) == ["Vehicle"])
    }
}
