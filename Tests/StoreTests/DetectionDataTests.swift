// A detector's training data: boxes, polygons as their bounds, accepted empty images as negatives,
// from the live project or a snapshot.
import Domain
import Foundation
import Testing
@testable import Store

@Suite struct DetectionDataTests {
    @Test func boxesPolygonsAndNegativesFromTheProjectAndASnapshot() throws {
        // Given four images: boxes and a polygon; only a tag; accepted with nothing drawn; new and empty
        let database = try AppDatabase.openTemporary()
        let project = try database.createProject(name: "P", description: "", by: .commandLine)
        let who = Attribution(userID: nil, username: "ann", remoteAddress: "x")
        let images = try (0..<4).map { index in
            try database.addImage(NewImage(projectId: project.id, fileName: "\(index).jpg", sha256: "s\(index)", format: "jpeg",
                                           byteSize: 1, width: 200, height: 100, orientation: 1, originalPath: "o\(index)",
                                           thumbnailPath: "t", displayPath: nil), by: .commandLine).image
        }
        let car = try database.createLabel(projectID: project.id, name: "Car", color: "#e5484d", hotkey: nil, by: .commandLine)
        let bus = try database.createLabel(projectID: project.id, name: "Bus", color: "#3e63dd", hotkey: nil, by: .commandLine)
        _ = try database.saveAnnotations(imageID: images[0].id, expectedRevision: 0, shapes: [
            .box(labelID: car.id, x: 10, y: 20, width: 30, height: 40),
            .polygon(labelID: bus.id, points: [Point(x: 50, y: 10), Point(x: 90, y: 30), Point(x: 60, y: 70)]),
            .tag(labelID: car.id),
        ], by: who)
        _ = try database.saveAnnotations(imageID: images[1].id, expectedRevision: 0, shapes: [.tag(labelID: bus.id)], by: who)
        for image in [images[0], images[2]] {
            let revision = try database.annotations(imageID: image.id).revision
            _ = try database.submitImage(id: image.id, expectedRevision: revision, by: who)
            _ = try database.reviewImage(id: image.id, decision: .accept, comment: "", by: who)
        }
        // When the live project is read
        let live = try database.detectionSet(projectID: project.id, snapshotReference: nil)
        // Then image 0 has its box and the polygon's bounds, image 2 is a negative, and the others are left out
        #expect(live.images.map(\.imageID) == [images[0].id, images[2].id])
        #expect(live.images[0].boxes == [DetectionImage.Box(labelID: car.id, x: 10, y: 20, width: 30, height: 40),
                                         DetectionImage.Box(labelID: bus.id, x: 50, y: 10, width: 40, height: 60)])
        #expect(live.images[1].boxes.isEmpty && live.images[0].width == 200 && live.boxCount == 2)
        #expect(live.labels.map(\.name).sorted() == ["Bus", "Car"])
        // And a snapshot (accepted images only) gives the same, frozen
        _ = try database.createSnapshot(projectID: project.id, name: "v1", by: who)
        _ = try database.saveAnnotations(imageID: images[1].id, expectedRevision: 1,
                                         shapes: [.box(labelID: car.id, x: 0, y: 0, width: 5, height: 5)], by: who)
        let frozen = try database.detectionSet(projectID: project.id, snapshotReference: "v1")
        #expect(frozen.images.map(\.imageID) == [images[0].id, images[2].id] && frozen.snapshotID != nil)
        #expect(frozen.boxCount == 2)
        #expect(throws: StoreError.self) { try database.detectionSet(projectID: project.id, snapshotReference: "nope") }
    }
}
