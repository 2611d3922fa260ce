// Overlap and ground truth on a real store: copies kept apart from the image, /next serving each
// overlap image to k different people, a consensus accepted, and ground truth mixed into a queue.
import Domain
import Foundation
import Testing
@testable import Store

@Suite struct QualityStoreTests {
    let database: AppDatabase
    let project: Project
    let images: [ImageRecord]
    let people: [User]
    let rita: User
    let label: Label

    init() throws {
        let database = try AppDatabase.openTemporary()
        let project = try database.createProject(name: "Quality", description: "", by: .commandLine)
        (self.database, self.project) = (database, project)
        images = try (0..<6).map { index in
            try database.addImage(NewImage(projectId: project.id, fileName: "q\(index).jpg", sha256: "q\(index)", format: "jpeg", byteSize: 1,
                                           width: 100, height: 100, orientation: 1, originalPath: "o\(index)", thumbnailPath: "t",
                                           displayPath: nil), by: .commandLine).image
        }
        people = try ["ann", "bob", "cy"].map { try database.createUser(username: $0, passwordHash: "x", role: .annotator, by: .commandLine) }
        rita = try database.createUser(username: "rita", passwordHash: "x", role: .reviewer, by: .commandLine)
        for user in people + [rita] { _ = try database.setProjectMember(projectID: project.id, userID: user.id, role: user.role, by: .commandLine) }
        label = try database.createLabel(projectID: project.id, name: "bird", color: "#ff0000", hotkey: nil, by: .commandLine)
    }

    private func who(_ user: User) -> Attribution { Attribution(userID: user.id, username: user.username, remoteAddress: "test") }
    private func next(_ user: User) throws -> ImageRecord? { try database.takeNextImage(projectID: project.id, userID: user.id, holdSeconds: 60) }
    private func box(_ x: Double) -> Shape { .box(labelID: label.id, x: x, y: 10, width: 40, height: 40) }

    /// Labels and hands in whatever /next gives `user`, as their own work; returns the image.
    @discardableResult
    private func labelNext(_ user: User, _ shapes: [Shape]) throws -> ImageRecord {
        let image = try #require(try next(user))
        if let copy = try database.workCopy(imageID: image.id, userID: user.id) {
            _ = try database.saveWorkCopy(imageID: image.id, userID: user.id, expectedRevision: copy.revision, shapes: shapes)
            _ = try database.submitWorkCopy(imageID: image.id, userID: user.id, expectedRevision: nil, by: who(user))
        } else {
            _ = try database.saveAnnotations(imageID: image.id, expectedRevision: image.revision, shapes: shapes, by: who(user))
            _ = try database.submitImage(id: image.id, expectedRevision: nil, by: who(user))
        }
        return image
    }

    @Test func overlapImagesGoToKPeopleWhoseCopiesStayApart() throws {
        // Given every image in overlap for two people
        #expect(try database.addOverlap(projectID: project.id, share: 1, copies: 2, by: .commandLine) == 6)
        let first = try #require(try next(people[0]))
        // When ann saves her copy, the image itself keeps no shapes and stays new
        _ = try database.saveWorkCopy(imageID: first.id, userID: people[0].id, expectedRevision: 0, shapes: [box(10)])
        #expect(try database.annotations(imageID: first.id).shapes.isEmpty)
        #expect(try database.image(id: first.id)?.status == .new)
        // And bob, who has no copy, sees an empty one of his own
        #expect(try database.workCopy(imageID: first.id, userID: people[1].id)?.shapes == [])
        // When both hand in, cy is not given that image: it has its two people
        _ = try database.submitWorkCopy(imageID: first.id, userID: people[0].id, expectedRevision: 1, by: who(people[0]))
        _ = try database.saveWorkCopy(imageID: first.id, userID: people[1].id, expectedRevision: 0, shapes: [box(12)])
        _ = try database.submitWorkCopy(imageID: first.id, userID: people[1].id, expectedRevision: nil, by: who(people[1]))
        #expect(try next(people[2])?.id != first.id)
        #expect(throws: StoreError.self) {
            try database.saveWorkCopy(imageID: first.id, userID: people[2].id, expectedRevision: 0, shapes: [box(12)])
        }
        // And ann's handed-in copy can no longer change, and /next does not give it to her again
        #expect(throws: StoreError.self) {
            try database.saveWorkCopy(imageID: first.id, userID: people[0].id, expectedRevision: 1, shapes: [])
        }
        #expect(try next(people[0])?.id != first.id)
        // Then the overlap list has it ready, and the agreement compares ann and bob
        let overlap = try database.overlapImages(projectID: project.id, limit: 2)
        #expect(overlap.count == 2)
        #expect(overlap[0].image.id == first.id && overlap[0].ready && overlap[0].submitted == ["ann", "bob"])
        #expect(try database.overlapCounts(projectID: project.id) == OverlapCounts(ready: 1, collecting: 5, merged: 0))
        let work = try database.overlapWork(projectID: project.id)
        #expect(work.count == 1 && work[0].map(\.person) == ["ann", "bob"])
    }

    @Test func aReviewerAcceptsTheConsensusAndEveryoneSeesIt() throws {
        _ = try database.addOverlap(projectID: project.id, share: 1, copies: 3, by: .commandLine)
        let image = try labelNext(people[0], [box(10)])
        // Too early: one copy is not a consensus
        #expect(throws: StoreError.self) { try database.acceptConsensus(imageID: image.id, shapes: [box(10)], by: who(rita)) }
        for person in people.dropFirst() {
            _ = try database.saveWorkCopy(imageID: image.id, userID: person.id, expectedRevision: 0, shapes: [box(12)])
            _ = try database.submitWorkCopy(imageID: image.id, userID: person.id, expectedRevision: nil, by: who(person))
        }
        let proposal = Consensus.propose(try database.submittedCopies(imageID: image.id).map(\.shapes))
        #expect(proposal.support == [3])
        // When rita accepts it, it is the image's shapes, the image is accepted, and nobody labels it apart any more
        let accepted = try database.acceptConsensus(imageID: image.id, shapes: proposal.shapes, by: who(rita))
        #expect(accepted.status == .accepted && accepted.revision == 1)
        #expect(try database.annotations(imageID: image.id).shapes == proposal.shapes)
        #expect(try database.workCopy(imageID: image.id, userID: people[0].id) == nil)
        #expect(try database.reviews(imageID: image.id).first?.comment == "Consensus of ann, bob, cy")
        // Twice is refused
        #expect(throws: StoreError.self) { try database.acceptConsensus(imageID: image.id, shapes: [], by: who(rita)) }
    }

    @Test func groundTruthIsMixedInAfterEveryNImagesAndScored() throws {
        // Given two accepted images kept as ground truth, mixed in after every 2 images
        for image in images.prefix(2) {
            _ = try database.saveAnnotations(imageID: image.id, expectedRevision: 0, shapes: [box(20), .tag(labelID: label.id)], by: who(rita))
            _ = try database.submitImage(id: image.id, expectedRevision: nil, by: who(rita))
            _ = try database.reviewImage(id: image.id, decision: .accept, comment: "", by: who(rita))
        }
        #expect(try database.markGroundTruth(projectID: project.id, .images(images.prefix(2).map(\.id)), by: .commandLine) == 2)
        try database.setGroundTruthEvery(projectID: project.id, every: 2, by: .commandLine)
        // When ann labels her gap of ordinary images (1 to 3 for every 2), the next is ground truth,
        // served as her own empty copy
        let gap = GroundTruthCadence.gap(every: 2, person: people[0].id, served: 0)
        let ordinary = try (0..<gap).map { _ in try labelNext(people[0], [box(50)]).id }
        #expect(Set(ordinary).isDisjoint(with: images.prefix(2).map(\.id)))
        let trusted = try #require(try next(people[0]))
        #expect(images.prefix(2).map(\.id).contains(trusted.id))
        let copy = try #require(try database.workCopy(imageID: trusted.id, userID: people[0].id))
        #expect(copy.kind == .groundTruth && copy.shapes.isEmpty && copy.imageStatus == .new)
        // Until she hands it in, /next gives it back
        #expect(try next(people[0])?.id == trusted.id)
        _ = try database.saveWorkCopy(imageID: trusted.id, userID: people[0].id, expectedRevision: 0, shapes: [box(21)])
        _ = try database.submitWorkCopy(imageID: trusted.id, userID: people[0].id, expectedRevision: nil, by: who(people[0]))
        // A comment on the trusted image does not reach her: being told would give the image away
        _ = try database.addComment(imageID: trusted.id, body: "reference labels", shapePosition: nil, by: who(rita))
        #expect(try database.unreadComments(userID: people[0].id, role: .annotator, limit: 5).count == 0)
        // Then her next image is ordinary again, and the trusted image's own shapes never changed
        let after = try #require(try next(people[0]))
        #expect(!images.prefix(2).map(\.id).contains(after.id))
        #expect(try database.annotations(imageID: trusted.id).shapes == [box(20), .tag(labelID: label.id)])
        // And the data team reads her accuracy: the box matched, the tag was missed
        let accuracy = GroundTruthScore.accuracy(try database.groundTruthSummary(projectID: project.id).checks)
        #expect(accuracy.count == 1 && accuracy[0].person == "ann" && accuracy[0].boxF1 == 1 && accuracy[0].tagAccuracy == 0)
        // Only accepted images can be ground truth
        #expect(throws: StoreError.self) { try database.markGroundTruth(projectID: project.id, .images([images[5].id]), by: .commandLine) }
        // Taking an image out of ground truth drops its checks
        try database.unmarkGroundTruth(projectID: project.id, imageID: trusted.id, by: .commandLine)
        #expect(try database.groundTruthSummary(projectID: project.id).checks.isEmpty)
    }
}
