// Geometry and the shape rules, with the field path of each violation.
import Testing
@testable import Domain

@Suite struct GeometryTests {
    @Test func shoelaceAreaAndBounds() {
        let square = [Point(x: 0, y: 0), Point(x: 4, y: 0), Point(x: 4, y: 4), Point(x: 0, y: 4)]
        #expect(Geometry.area(of: square) == 16)
        #expect(Geometry.area(of: square.reversed()) == 16)
        let triangle = [Point(x: 1, y: 1), Point(x: 5, y: 1), Point(x: 1, y: 4)]
        #expect(Geometry.area(of: triangle) == 6)
        #expect(Geometry.area(of: [Point(x: 0, y: 0), Point(x: 1, y: 1), Point(x: 2, y: 2)]) == 0)
        let box = Geometry.bounds(of: triangle)
        #expect(box.x == 1 && box.y == 1 && box.width == 4 && box.height == 3)
    }
}

@Suite struct ShapeValidationTests {
    let rules = ShapeValidation()

    func check(_ shapes: [Shape]) throws -> [Shape] {
        try rules.validated(shapes, width: 100, height: 50, labels: [1, 2])
    }

    @Test func validShapesPassAndAreClampedToTheImage() throws {
        let result = try check([
            .box(labelID: 1, x: -10, y: 40, width: 30, height: 30),
            .polygon(labelID: 2, points: [Point(x: 90, y: 10), Point(x: 120, y: 10), Point(x: 90, y: 60)]),
            .tag(labelID: 1),
        ])
        #expect(result[0] == .box(labelID: 1, x: 0, y: 40, width: 20, height: 10))
        #expect(result[1] == .polygon(labelID: 2, points: [Point(x: 90, y: 10), Point(x: 100, y: 10), Point(x: 90, y: 50)]))
        #expect(result[2] == .tag(labelID: 1))
    }

    @Test func eachViolationNamesItsField() {
        let cases: [(Shape, String)] = [
            (.box(labelID: 9, x: 0, y: 0, width: 1, height: 1), "shapes[0].label_id"),
            (.box(labelID: 1, x: .nan, y: 0, width: 1, height: 1), "shapes[0].x"),
            (.box(labelID: 1, x: 0, y: 0, width: .infinity, height: 1), "shapes[0].w"),
            (.box(labelID: 1, x: 0, y: 0, width: 5, height: 0), "shapes[0].h"),
            (.box(labelID: 1, x: 200, y: 0, width: 5, height: 5), "shapes[0]"),
            (.polygon(labelID: 1, points: [Point(x: 0, y: 0), Point(x: 0, y: 0), Point(x: 5, y: 5)]), "shapes[0].points"),
            (.polygon(labelID: 1, points: [Point(x: 0, y: 0), Point(x: 5, y: 5), Point(x: 10, y: 10)]), "shapes[0].points"),
            (.polygon(labelID: 1, points: [Point(x: 0, y: 0), Point(x: 5, y: .infinity), Point(x: 10, y: 1)]), "shapes[0].points[1].y"),
        ]
        for (shape, field) in cases {
            #expect(throws: ShapeRuleViolation.self, "\(field)") { try check([shape]) }
            do { _ = try check([shape]) } catch let violation as ShapeRuleViolation {
                #expect(violation.field == field)
            } catch { Issue.record("\(error)") }
        }
    }

    @Test func limitsAndDuplicateTags() {
        var small = ShapeValidation()
        small.maxShapes = 2
        small.maxVertices = 3
        #expect(throws: ShapeRuleViolation(field: "shapes", message: "At most 2 shapes per image.")) {
            try small.validated([.tag(labelID: 1), .tag(labelID: 2), .tag(labelID: 1)], width: 10, height: 10, labels: [1, 2])
        }
        let square = [Point(x: 0, y: 0), Point(x: 4, y: 0), Point(x: 4, y: 4), Point(x: 0, y: 4)]
        #expect(throws: ShapeRuleViolation.self) { try small.validated([.polygon(labelID: 1, points: square)], width: 10, height: 10, labels: [1]) }
        #expect(throws: ShapeRuleViolation(field: "shapes[1].label_id", message: "This tag is already on the image.")) {
            try check([.tag(labelID: 1), .tag(labelID: 1)])
        }
    }
}
