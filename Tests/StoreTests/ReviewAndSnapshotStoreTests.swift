// The review flow, frozen snapshots and the export reader, on a real SQLite file.
import Domain
import Foundation
import Testing
@testable import Store

@Suite struct ReviewAndSnapshotStoreTests {
    let database: AppDatabase
    let project: Project
    let images: [ImageRecord]
    let car: Label
    let who = Attribution(userID: nil, username: "ann", remoteAddress: "x")

    init() throws {
        let database = try AppDatabase.openTemporary()
        let project = try database.createProject(name: "P", description: "", by: .commandLine)
        (self.database, self.project) = (database, project)
        images = try (0..<3).map { index in
            try database.addImage(NewImage(projectId: project.id, fileName: "\(index).jpg", sha256: "s\(index)", format: "jpeg", byteSize: 1,
                                           width: 100, height: 50, orientation: 1, originalPath: "o", thumbnailPath: "t",
                                           displayPath: nil), by: .commandLine).image
        }
        car = try database.createLabel(projectID: project.id, name: "Car", color: "#e5484d", hotkey: nil, by: .commandLine)
    }

    @Test func imagesGoThroughReview() throws {
        let id = images[0].id
        _ = try database.saveAnnotations(imageID: id, expectedRevision: 0, shapes: [.tag(labelID: car.id)], by: who)
        // A submit on a stale revision is refused
        #expect(throws: StoreError.staleRevision(current: 1)) { try database.submitImage(id: id, expectedRevision: 0, by: who) }
        #expect(try database.submitImage(id: id, expectedRevision: 1, by: who).status == .submitted)
        // While submitted, annotators cannot change it, reviewers can
        #expect(throws: StoreError.self) { try database.saveAnnotations(imageID: id, expectedRevision: 1, shapes: [], by: who) }
        _ = try database.saveAnnotations(imageID: id, expectedRevision: 1, shapes: [.tag(labelID: car.id)], canReview: true, by: who)
        // A rejection needs a comment; with one the image is rejected and the comment is kept
        #expect(throws: StoreError.invalid(field: "comment", message: "Say what needs fixing when you reject an image.")) {
            try database.reviewImage(id: id, decision: .reject, comment: "  ", by: who)
        }
        #expect(try database.reviewImage(id: id, decision: .reject, comment: "Missed the bus", by: who).status == .rejected)
        #expect(try database.reviews(imageID: id).map(\.comment) == ["Missed the bus"])
        // Rejected work is in progress again after a save, then resubmitted and accepted
        _ = try database.saveAnnotations(imageID: id, expectedRevision: 2, shapes: [], by: who)
        #expect(try database.image(id: id)?.status == .inProgress)
        #expect(throws: StoreError.wrongStatus(current: .inProgress, action: "accepted")) {
            try database.reviewImage(id: id, decision: .accept, comment: "", by: who)
        }
        _ = try database.submitImage(id: id, expectedRevision: nil, by: who)
        #expect(try database.reviewImage(id: id, decision: .accept, comment: "", by: who).status == .accepted)
        #expect(throws: StoreError.wrongStatus(current: .accepted, action: "submitted")) { try database.submitImage(id: id, expectedRevision: nil, by: who) }
    }

    @Test func snapshotsFreezeAcceptedLabels() throws {
        // Given one accepted image with a box and a tag, and one in progress
        _ = try database.saveAnnotations(imageID: images[0].id, expectedRevision: 0, shapes: [
            .box(labelID: car.id, x: 1, y: 2, width: 3, height: 4), .tag(labelID: car.id)], by: who)
        _ = try database.submitImage(id: images[0].id, expectedRevision: nil, by: who)
        _ = try database.reviewImage(id: images[0].id, decision: .accept, comment: "", by: who)
        _ = try database.saveAnnotations(imageID: images[1].id, expectedRevision: 0, shapes: [.tag(labelID: car.id)], by: who)
        // When a snapshot is taken
        let snapshot = try database.createSnapshot(projectID: project.id, name: "v1", by: who)
        #expect(snapshot.imageCount == 1 && snapshot.shapeCount == 2)
        #expect(throws: StoreError.duplicate(field: "name", value: "V1")) { try database.createSnapshot(projectID: project.id, name: "V1", by: who) }
        // And the live data changes afterwards (label renamed, shapes replaced by a reviewer)
        _ = try database.updateLabel(id: car.id, name: "Automobile", color: nil, hotkey: nil, suggestionThreshold: nil, by: who)
        _ = try database.saveAnnotations(imageID: images[0].id, expectedRevision: 1, shapes: [], canReview: true, by: who)
        // Then the snapshot still reads as it was taken
        var labels: [ExportLabel] = [], exported: [ExportImage] = [], shapes: [Shape] = []
        try database.readExport(projectID: project.id, snapshotID: snapshot.id) { reader in
            labels = try reader.labels()
            try reader.forEachImage { exported.append($0) }
            try reader.forEachShape { _, _, _, shape in shapes.append(shape) }
        }
        #expect(labels.map(\.id) == [car.id] && labels.map(\.name) == ["Car"])
        #expect(exported == [ExportImage(id: images[0].id, fileName: "0.jpg", width: 100, height: 50, tagLabelIDs: [car.id], originalPath: "o")])
        #expect(shapes == [.box(labelID: car.id, x: 1, y: 2, width: 3, height: 4)])
        #expect(try database.snapshot(projectID: project.id, reference: "v1")?.id == snapshot.id)
        #expect(try database.snapshot(projectID: project.id, reference: "\(snapshot.id)")?.name == "v1")
    }

    @Test func liveExportsReadEveryImageInOrder() throws {
        let triangle: [Point] = [Point(x: 0, y: 0), Point(x: 10.25, y: 0), Point(x: 0, y: 7.5)]
        _ = try database.saveAnnotations(imageID: images[2].id, expectedRevision: 0, shapes: [
            .polygon(labelID: car.id, points: triangle), .box(labelID: car.id, x: 1, y: 1, width: 1, height: 1)], by: who)
        var seen: [(Int64, Shape)] = [], imageIDs: [Int64] = []
        try database.readExport(projectID: project.id) { reader in
            try reader.forEachImage { imageIDs.append($0.id) }
            try reader.forEachShape { id, width, height, shape in
                #expect(width == 100 && height == 50)
                seen.append((id, shape))
            }
        }
        #expect(imageIDs == images.map(\.id))
        #expect(seen.map(\.1) == [.polygon(labelID: car.id, points: triangle), .box(labelID: car.id, x: 1, y: 1, width: 1, height: 1)])
        // Filtered by status, only in-progress images remain
        try database.readExport(projectID: project.id, statuses: [.new]) { reader in
            var count = 0
            try reader.forEachImage { _ in count += 1 }
            #expect(count == 2)
        }
    }
}
