// The shapes' wire format: every shape survives a round trip, and a malformed one names its field.
@testable import Domain
import Foundation
import Testing

@Suite struct ShapeJSONTests {
    @Test func everyKindOfShapeRoundTrips() throws {
        let shapes: [Shape] = [.box(labelID: 1, x: 1, y: 2, width: 3, height: 4),
                               .polygon(labelID: 2, points: [Point(x: 0, y: 0), Point(x: 5, y: 0), Point(x: 0, y: 5)]),
                               .tag(labelID: 3)]
        let origins = ShapeOrigins(tagVersions: [3: 9], boxSuggestions: [0: 41], suggestionVersions: [41: 8], editedSuggestions: [41])
        let set = AnnotationSetJSON(revision: 4, shapes: shapes.enumerated().map { ShapeJSON($1, position: $0, origins: origins) })
        let decoded = try JSONDecoder().decode(AnnotationSetJSON.self, from: try JSONEncoder().encode(set))
        #expect(try decoded.domainShapes() == shapes)
        #expect(decoded.shapes[2].suggestedByVersionId == 9 && decoded.revision == 4)
        // The box says which suggestion it was accepted from, and the set's origins find it again by position
        #expect(decoded.shapes[0].suggestionId == 41 && decoded.shapes[0].suggestedByVersionId == 8 && decoded.shapes[0].edited == true)
        #expect(decoded.origins.boxSuggestions == [0: 41] && decoded.origins.tagVersions == [3: 9])
    }

    @Test func aMalformedShapeNamesTheFieldAtFault() throws {
        func error(_ json: String) throws -> ShapeJSONError? {
            let set = try JSONDecoder().decode(AnnotationSetJSON.self, from: Data(#"{"revision":0,"shapes":[{"type":"tag","labelId":1},\#(json)]}"#.utf8))
            do { _ = try set.domainShapes(); return nil } catch { return error }
        }
        #expect(try error(#"{"type":"bbox","labelId":1,"x":1,"y":1,"w":1}"#)
                == ShapeJSONError(field: "shapes[1].h", message: "shapes[1].h is required for a bbox.", code: "missing_field"))
        #expect(try error(#"{"type":"polygon","labelId":1}"#)?.field == "shapes[1].points")
        #expect(try error(#"{"type":"polygon","labelId":1,"points":[[1,2],[3]]}"#)
                == ShapeJSONError(field: "shapes[1].points[1]", message: "Each point is [x, y].", code: "invalid_field"))
        #expect(try error(#"{"type":"circle","labelId":1}"#)?.field == "shapes[1].type")
        #expect(try error(#"{"type":"polygon","labelId":1,"points":[[1,2],[3,4],[5,0]],"suggestionId":4}"#)?.field == "shapes[1].suggestion_id")
    }
}
