// A label's attributes: what a schema may hold, which values a shape's attributes take, and what
// exports write for a shape that never set one.
import Domain
import Testing

@Suite struct AttributeTests {
    let schema: [AttributeSpec] = [
        AttributeSpec(name: "occluded", kind: .boolean),
        AttributeSpec(name: "colour", kind: .choice, options: ["red", "blue"]),
        AttributeSpec(name: "people", kind: .number, min: 0, max: 8, default: .number(1)),
        AttributeSpec(name: "note", kind: .text),
    ]

    @Test func aSchemaIsTidiedAndItsMistakesNameTheirField() throws {
        // Given names and options with stray spaces, and bounds that belong to another kind
        let raw = [AttributeSpec(name: " colour ", kind: .choice, options: [" red", "blue "], min: 3),
                   AttributeSpec(name: "occluded", kind: .boolean, options: ["x"])]
        // Then they are trimmed and the stray fields dropped
        let tidy = try raw.validatedSchema()
        #expect(tidy[0].name == "colour" && tidy[0].options == ["red", "blue"] && tidy[0].min == nil)
        #expect(tidy[1].options == nil)
        // And each mistake names where it is
        func field(_ specs: [AttributeSpec]) -> String? {
            do { _ = try specs.validatedSchema(); return nil } catch { return error.field }
        }
        #expect(field([AttributeSpec(name: "colour", kind: .choice)]) == "attributes[0].options")
        #expect(field([AttributeSpec(name: "a", kind: .boolean), AttributeSpec(name: "A", kind: .text)]) == "attributes[1].name")
        #expect(field([AttributeSpec(name: "n", kind: .number, min: 5, max: 1)]) == "attributes[0].max")
        #expect(field([AttributeSpec(name: "n", kind: .number, max: 3, default: .number(4))]) == "attributes[0].default")
        #expect(field([AttributeSpec(name: "c", kind: .choice, options: ["a", "a"])]) == "attributes[0].options")
        #expect(field([AttributeSpec(name: "", kind: .text)]) == "attributes[0].name")
        #expect(field(Array(repeating: AttributeSpec(name: "x", kind: .text), count: 21)) == "attributes")
    }

    @Test func valuesAreCheckedAgainstTheirAttributeAndErrorsNameTheShapesField() throws {
        try schema.check(["occluded": .bool(true), "colour": .text("blue"), "people": .number(8), "note": .text("half hidden")], path: "shapes[3]")
        func field(_ values: AttributeValues) -> (String, String)? {
            do { try schema.check(values, path: "shapes[3]"); return nil } catch { return (error.field, error.message) }
        }
        #expect(field(["colour": .text("green")])?.0 == "shapes[3].attributes.colour")
        #expect(field(["colour": .text("green")])?.1 == "colour is one of red, blue.")
        #expect(field(["occluded": .number(1)])?.0 == "shapes[3].attributes.occluded")
        #expect(field(["people": .number(9)])?.1 == "people is at most 8.")
        #expect(field(["people": .text("two")])?.1 == "people is a number.")
        #expect(field(["size": .text("big")])?.0 == "shapes[3].attributes.size")
        #expect(field(["note": .text(String(repeating: "x", count: 501))])?.1 == "note is at most 500 characters.")
    }

    @Test func valuesThatNoLongerFitAreDroppedAndExportsFillInDefaults() {
        // When "blue" is no longer an option and "size" is not an attribute
        let kept = schema.conforming(["colour": .text("blue"), "occluded": .bool(true), "size": .text("big")])
        #expect(kept == ["colour": .text("blue"), "occluded": .bool(true)])
        let narrowed = [AttributeSpec(name: "colour", kind: .choice, options: ["red"]), schema[0]]
        #expect(narrowed.conforming(kept) == ["occluded": .bool(true)])
        // Then an export writes every attribute in order, with the value set or the default
        let written = schema.completed(["colour": .text("blue")])
        #expect(written.map(\.name) == ["occluded", "colour", "people", "note"])
        #expect(written.map(\.value) == [.bool(false), .text("blue"), .number(1), .text("")])
    }

    @Test func validationKeepsAttributesThroughClampingAndRefusesUnknownOnes() throws {
        let shapes: [Shape] = [.box(labelID: 1, x: -5, y: 0, width: 20, height: 10, attributes: ["occluded": .bool(true)])]
        let valid = try ShapeValidation().validated(shapes, width: 100, height: 100, labels: [1], schemas: [1: schema])
        #expect(valid == [.box(labelID: 1, x: 0, y: 0, width: 15, height: 10, attributes: ["occluded": .bool(true)])])
        // A label without attributes takes none
        #expect(throws: ShapeRuleViolation.self) { try ShapeValidation().validated(shapes, width: 100, height: 100, labels: [1]) }
    }
}
