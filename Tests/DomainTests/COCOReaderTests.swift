// Reading COCO files for import: shapes back from annotations, and every problem named by its path.
import Domain
import Testing

@Suite struct COCOReaderTests {
    func parse(_ json: String) throws -> DatasetDocument { try COCOReader.read(Array(json.utf8)) }

    func problem(_ json: String) -> DatasetFormatError? {
        do {
            _ = try parse(json)
            return nil
        } catch let error as DatasetFormatError {
            return error
        } catch {
            return nil
        }
    }

    @Test func boxesPolygonsAndTagsComeBack() throws {
        // Given Loupe's own export conventions: a box as its corner polygon, a triangle, a tag
        let document = try parse("""
            {"categories":[{"id":1,"name":"car"},{"id":2,"name":"sign"}],
             "images":[{"id":7,"file_name":"a.jpg","width":100,"height":50,"tags":[2]}],
             "annotations":[
               {"id":1,"image_id":7,"category_id":1,"bbox":[10,10,20,5],"segmentation":[[10,10,30,10,30,15,10,15]],"iscrowd":0},
               {"id":2,"image_id":7,"category_id":2,"segmentation":[[0,0,10,0,0,10]]},
               {"id":3,"image_id":7,"category_id":1,"bbox":[1,2,3,4]}]}
            """)
        #expect(document.categories.map(\.name) == ["car", "sign"])
        #expect(document.images.first?.width == 100)
        #expect(document.annotations.map(\.shape) == [
            .box(labelID: 1, x: 10, y: 10, width: 20, height: 5),
            .polygon(labelID: 2, points: [Point(x: 0, y: 0), Point(x: 10, y: 0), Point(x: 0, y: 10)]),
            .box(labelID: 1, x: 1, y: 2, width: 3, height: 4),
            .tag(labelID: 2),
        ])
    }

    @Test func problemsNameTheirJSONPath() {
        let head = #""categories":[{"id":1,"name":"car"}],"images":[{"id":1,"file_name":"a.jpg"}]"#
        #expect(problem("[1,2]")?.path == "$")
        #expect(problem("{not json")?.message == "The file is not valid JSON.")
        #expect(problem(#"{"images":[]}"#)?.path == "categories")
        #expect(problem(#"{"categories":[{"id":1,"name":"a"},{"id":1,"name":"b"}],"images":[]}"#)?.path == "categories[1].id")
        #expect(problem(#"{\#(head),"annotations":[{"image_id":2,"category_id":1,"bbox":[0,0,1,1]}]}"#)?.path == "annotations[0].image_id")
        #expect(problem(#"{\#(head),"annotations":[{"image_id":1,"category_id":9,"bbox":[0,0,1,1]}]}"#)?.path == "annotations[0].category_id")
        #expect(problem(#"{\#(head),"annotations":[{"image_id":1,"category_id":1,"segmentation":[[0,0,1,1]]}]}"#)?.path == "annotations[0].segmentation[0]")
        #expect(problem(#"{\#(head),"annotations":[{"image_id":1,"category_id":1,"segmentation":[[0,0,1,"x",2,2]]}]}"#)?.path == "annotations[0].segmentation[0][3]")
        #expect(problem(#"{\#(head),"annotations":[{"image_id":1,"category_id":1,"segmentation":{"counts":"x"},"iscrowd":1}]}"#)?.path == "annotations[0].iscrowd")
        #expect(problem(#"{\#(head),"annotations":[{"image_id":1,"category_id":1}]}"#)?.path == "annotations[0].bbox")
        #expect(problem(#"{"categories":[],"images":[{"id":1,"file_name":"a.jpg","tags":[3]}]}"#)?.path == "images[0].tags[0]")
    }
}
