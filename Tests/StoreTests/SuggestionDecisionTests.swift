// What annotators do with a detector's box suggestions, as saves record it: accepted as suggested or
// edited, rejected, undone, a deleted box counted as a rejection; and the counts per version.
import Domain
import Foundation
import Testing
@testable import Store

@Suite struct SuggestionDecisionTests {
    let database: AppDatabase
    let image: ImageRecord
    let other: ImageRecord
    let car: Label
    let version: ModelVersion
    let who = Attribution(userID: nil, username: "ann", remoteAddress: "x")

    init() throws {
        let database = try AppDatabase.openTemporary()
        self.database = database
        let project = try database.createProject(name: "P", description: "", by: .commandLine)
        let images = try (0..<2).map { index in
            try database.addImage(NewImage(projectId: project.id, fileName: "\(index).jpg", sha256: "s\(index)", format: "jpeg",
                                           byteSize: 1, width: 200, height: 100, orientation: 1, originalPath: "o\(index)",
                                           thumbnailPath: "t", displayPath: nil), by: .commandLine).image
        }
        let (image, other) = (images[0], images[1])
        (self.image, self.other) = (image, other)
        let car = try database.createLabel(projectID: project.id, name: "Car", color: "#e5484d", hotkey: nil, by: .commandLine)
        self.car = car
        let version = try database.registerExternalVersion(ExternalVersion(modelName: "boxes", artifact: nil, framework: "loupe",
                                                                       modelType: "object-detector", source: "external",
                                                                       sourceReference: "test", description: ""), by: .commandLine)
        self.version = version
        try database.replaceBoxSuggestions(versionID: version.id, boxes: [
            image.id: (0..<4).map { ProposedBox(labelID: car.id, x: Double(10 + 40 * $0), y: 10, width: 30, height: 30, score: 0.9 - 0.1 * Double($0)) },
            other.id: [ProposedBox(labelID: car.id, x: 5, y: 5, width: 10, height: 10, score: 0.8)],
        ])
    }

    func box(_ s: BoxSuggestion, dx: Double = 0) -> Shape {
        .box(labelID: s.labelID, x: s.x + dx, y: s.y, width: s.width, height: s.height)
    }

    func outcome() throws -> SuggestionOutcome { try #require(database.suggestionOutcomes(projectID: image.projectId).first) }

    @Test func acceptEditRejectUndoAndDeleteAreCountedPerVersion() throws {
        let suggested = try database.boxSuggestions(imageID: image.id)
        #expect(suggested.count == 4)
        // When one is accepted as it was, one moved by 3 px, one rejected, and a box is drawn by hand
        var decisions = SuggestionDecisions(origins: ShapeOrigins(boxSuggestions: [0: suggested[0].id, 1: suggested[1].id]),
                                            rejected: [suggested[2].id])
        _ = try database.saveAnnotations(imageID: image.id, expectedRevision: 0,
                                         shapes: [box(suggested[0]), box(suggested[1], dx: 3),
                                                  .box(labelID: car.id, x: 0, y: 60, width: 20, height: 20)],
                                         decisions: decisions, by: who)
        // Then the open list keeps only the untouched one, the boxes remember their suggestion, and the counts say so
        #expect(try database.boxSuggestions(imageID: image.id).map(\.id) == [suggested[3].id])
        let origins = try database.shapeOrigins(imageID: image.id)
        #expect(origins.boxSuggestions == [0: suggested[0].id, 1: suggested[1].id])
        #expect(origins.suggestionVersions[suggested[0].id] == version.id && origins.editedSuggestions == [suggested[1].id])
        var counts = try outcome()
        #expect((counts.acceptedUnchanged, counts.acceptedEdited, counts.rejected, counts.open, counts.drawnByHand) == (1, 1, 1, 2, 1))
        // When the rejection is undone and the accepted, unchanged box is deleted
        decisions = SuggestionDecisions(origins: ShapeOrigins(boxSuggestions: [0: suggested[1].id]), reopened: [suggested[2].id])
        _ = try database.saveAnnotations(imageID: image.id, expectedRevision: 1,
                                         shapes: [box(suggested[1], dx: 3), .box(labelID: car.id, x: 0, y: 60, width: 20, height: 20)],
                                         decisions: decisions, by: who)
        // Then the undone one is open again and the deleted box's suggestion counts as rejected
        #expect(try database.boxSuggestions(imageID: image.id).map(\.id) == [suggested[2].id, suggested[3].id])
        counts = try outcome()
        #expect((counts.acceptedUnchanged, counts.acceptedEdited, counts.rejected, counts.open) == (0, 1, 1, 3))
        #expect(counts.modelName == "boxes" && counts.versionID == version.id)
    }

    @Test func aSuggestionOfAnotherImageIsRefusedAndNothingIsSaved() throws {
        let foreign = try #require(database.boxSuggestions(imageID: other.id).first)
        let decisions = SuggestionDecisions(origins: ShapeOrigins(boxSuggestions: [0: foreign.id]))
        #expect(throws: StoreError.invalid(field: "shapes[0].suggestion_id", message: "Suggestion \(foreign.id) is not one of this image's suggestions.")) {
            try database.saveAnnotations(imageID: image.id, expectedRevision: 0, shapes: [box(foreign)], decisions: decisions, by: who)
        }
        #expect(throws: StoreError.self) {
            try database.saveAnnotations(imageID: image.id, expectedRevision: 0, shapes: [],
                                         decisions: SuggestionDecisions(rejected: [foreign.id]), by: who)
        }
        #expect(try database.annotations(imageID: image.id).revision == 0)
        #expect(try database.boxSuggestions(imageID: other.id).count == 1)
    }

    @Test func aLabelsSuggestionThresholdIsAScoreFromZeroToOne() throws {
        #expect(car.suggestionThreshold == 0.5)
        let changed = try database.updateLabel(id: car.id, name: nil, color: nil, hotkey: nil, suggestionThreshold: 0.7, by: who)
        #expect(changed.suggestionThreshold == 0.7 && changed.name == "Car")
        #expect(throws: StoreError.self) {
            try database.updateLabel(id: car.id, name: nil, color: nil, hotkey: nil, suggestionThreshold: 1.5, by: who)
        }
        #expect(try database.label(id: car.id)?.suggestionThreshold == 0.7)
    }
}
