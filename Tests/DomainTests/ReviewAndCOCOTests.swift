// The review stage machine and COCO's view of a shape: clipping, tight bbox, area, segmentation.
import Domain
import Testing

@Suite struct ReviewFlowTests {
    @Test func statusesMoveAlongTheFlow() {
        // Saves reopen rejected work and start new work; review states keep their status
        #expect(ReviewFlow.statusAfterSave(.new) == .inProgress)
        #expect(ReviewFlow.statusAfterSave(.rejected) == .inProgress)
        #expect(ReviewFlow.statusAfterSave(.submitted) == .submitted)
        // Annotators cannot edit what is under review or accepted; reviewers can
        #expect(!ReviewFlow.mayEdit(.submitted, canReview: false) && !ReviewFlow.mayEdit(.accepted, canReview: false))
        #expect(ReviewFlow.mayEdit(.submitted, canReview: true))
        #expect(ReviewFlow.maySubmit(.rejected) && !ReviewFlow.maySubmit(.submitted) && !ReviewFlow.maySubmit(.accepted))
        #expect(ImageStatus.allCases.filter(ReviewFlow.mayDecide) == [.submitted])
        #expect(ReviewDecision.reject.status == .rejected)
    }
}

@Suite struct COCOAnnotationTests {
    @Test func boxesBecomeTheirCornerPolygon() throws {
        // Given a box that runs off the right edge of a 100 × 50 image
        let annotation = try #require(COCOAnnotation(.box(labelID: 1, x: 90, y: 10, width: 20, height: 5), width: 100, height: 50))
        // Then it is clipped, with area w·h and the 4 corners as segmentation
        #expect(annotation.bbox == (90, 10, 10, 5))
        #expect(annotation.area == 50)
        #expect(annotation.segmentation == [90, 10, 100, 10, 100, 15, 90, 15])
        #expect(COCOAnnotation.boxCorners(annotation.segmentation)! == (90, 10, 10, 5))
    }

    @Test func polygonsGetAShoelaceAreaAndATightBox() throws {
        let triangle = try #require(COCOAnnotation(.polygon(labelID: 1, points: [Point(x: 10, y: 10), Point(x: 40, y: 10), Point(x: 10, y: 30)]),
                                                   width: 100, height: 50))
        #expect(triangle.area == 300)
        #expect(triangle.bbox == (10, 10, 30, 20))
        #expect(triangle.segmentation.count == 6)
        // A triangle is not mistaken for a box on import
        #expect(COCOAnnotation.boxCorners(triangle.segmentation) == nil)
    }

    @Test func tagsAndShapesOutsideTheImageWriteNothing() {
        #expect(COCOAnnotation(.tag(labelID: 1), width: 10, height: 10) == nil)
        #expect(COCOAnnotation(.box(labelID: 1, x: 20, y: 0, width: 5, height: 5), width: 10, height: 10) == nil)
        #expect(COCOAnnotation(.polygon(labelID: 1, points: [Point(x: 20, y: 0), Point(x: 30, y: 0), Point(x: 20, y: 5)]), width: 10, height: 10) == nil)
    }
}
