// Exports and imports in every format through the router: a project goes out and comes back into a
// new one with the same shapes; dry runs change nothing; bad uploads say which file and why.
import Archive
import Domain
import Foundation
import Store
import Testing
import Web
@testable import LoupeApp

@Suite struct DatasetFormatsTests {
    let app: TestApp
    let source: Int
    let target: Int
    let car: Int
    let bike: Int
    let first: Int

    init() throws {
        app = try TestApp()
        try app.addUser("dat", role: .data)
        source = try #require(app.send(.POST, "/api/v1/projects", as: "dat", #"{"name":"Street"}"#).json["id"] as? Int)
        target = try #require(app.send(.POST, "/api/v1/projects", as: "dat", #"{"name":"Copy"}"#).json["id"] as? Int)
        car = try #require(app.send(.POST, "/api/v1/projects/\(source)/labels", as: "dat", #"{"name":"Car"}"#).json["id"] as? Int)
        bike = try #require(app.send(.POST, "/api/v1/projects/\(source)/labels", as: "dat", #"{"name":"Bike"}"#).json["id"] as? Int)
        first = try app.uploadImage(to: source, as: "dat", fileName: "a.jpg", width: 200, height: 100)
        _ = try app.uploadImage(to: source, as: "dat", fileName: "b.jpg", width: 64, height: 48, shade: 90)
        let shapes = """
            {"revision":0,"shapes":[{"type":"bbox","label_id":\(car),"x":10.25,"y":20,"w":50,"h":30},
              {"type":"polygon","label_id":\(bike),"points":[[100,10],[150,10.5],[120,60]]},{"type":"tag","label_id":\(bike)}]}
            """
        #expect(try app.send(.PUT, "/api/v1/images/\(first)/annotations", as: "dat", shapes).status == 200)
    }

    /// Each image's shapes by file name, as text that ignores ids: "box Car 10.25 20 50 30".
    func shapes(in project: Int) throws -> [String: [String]] {
        var out: [String: [String]] = [:]
        let labels = try #require(app.send(.GET, "/api/v1/projects/\(project)/labels", as: "dat").json["labels"] as? [[String: Any]])
        let names = Dictionary(uniqueKeysWithValues: labels.map { ($0["id"] as! Int, $0["name"] as! String) })
        let images = try #require(app.send(.GET, "/api/v1/projects/\(project)/images", as: "dat").json["images"] as? [[String: Any]])
        for image in images {
            let saved = try #require(app.send(.GET, "/api/v1/images/\(image["id"] as! Int)/annotations", as: "dat").json["shapes"] as? [[String: Any]])
            out[image["file_name"] as! String] = saved.map { shape in
                let name = names[shape["label_id"] as! Int]!
                switch shape["type"] as! String {
                case "bbox": return "box \(name) " + ["x", "y", "w", "h"].map { "\((shape[$0] as! NSNumber).doubleValue)" }.joined(separator: " ")
                case "polygon": return "polygon \(name) " + (shape["points"] as! [[NSNumber]]).map { "\($0[0].doubleValue),\($0[1].doubleValue)" }.joined(separator: " ")
                default: return "tag \(name)"
                }
            }.sorted()
        }
        return out
    }

    func export(_ format: String, _ query: String = "") throws -> [UInt8] {
        let response = try app.send(.GET, "/api/v1/projects/\(source)/export/\(format)?\(query)", as: "dat")
        #expect(response.status == 200 && response.header("Content-Type") == "application/zip")
        #expect(response.header("Content-Disposition") == "attachment; filename=\"Street-live.\(format).zip\"")
        return try response.collectedBody()
    }

    @Test(arguments: [
        ("yolo", "task=segment", ["box Car 10.25 20.0 50.0 30.0", "polygon Bike 100.0,10.0 150.0,10.5 120.0,60.0"]),
        ("yolo", "task=detect", ["box Bike 100.0 10.0 50.0 50.0", "box Car 10.25 20.0 50.0 30.0"]),
        ("voc", "", ["box Bike 100.0 10.0 50.0 50.0", "box Car 10.25 20.0 50.0 30.0", "tag Bike"]),
        ("cvat", "", ["box Car 10.25 20.0 50.0 30.0", "polygon Bike 100.0,10.0 150.0,10.5 120.0,60.0", "tag Bike"]),
        ("label-studio", "", ["box Car 10.25 20.0 50.0 30.0", "polygon Bike 100.0,10.0 150.0,10.5 120.0,60.0", "tag Bike"]),
    ])
    func anExportImportsIntoANewProjectWithTheSameShapes(format: String, query: String, expected: [String]) throws {
        // Given the project exported with its images
        let zip = try export(format, query)
        // When the zip is imported into an empty project
        let imported = try app.send(.POST, "/api/v1/projects/\(target)/import/\(format)", as: "dat", bytes: zip)
        #expect(imported.status == 200, "\(imported.text)")
        #expect(imported.json["images_created"] as? Int == 2 && imported.json["new_labels"] as? [String] == ["Car", "Bike"].filter { name in expected.contains { $0.contains(name) } })
        // Then both images are there, with the shapes the format can carry
        #expect(try shapes(in: target) == ["a.jpg": expected, "b.jpg": []])
        // And importing the same zip again matches the images instead of adding them
        let again = try app.send(.POST, "/api/v1/projects/\(target)/import/\(format)", as: "dat", bytes: zip)
        #expect(again.json["images_created"] as? Int == 0 && (again.json["files"] as? [[String: Any]])?.map { $0["action"] as? String } == ["match", "match"])
    }

    @Test func labelsOnlyExportsMatchTheProjectsImagesByName() throws {
        // Given a YOLO export without images, imported back into the same project after the shapes were cleared
        let zip = try export("yolo", "images=none&task=segment&val_fraction=0")
        #expect(try ZipReader(zip).entries.map(\.name).sorted() == ["data.yaml", "labels/train/a.txt", "labels/train/b.txt"])
        #expect(try app.send(.PUT, "/api/v1/images/\(first)/annotations", as: "dat", #"{"revision":1,"shapes":[]}"#).status == 200)
        let dryRun = try app.send(.POST, "/api/v1/projects/\(source)/import/yolo?dry_run=1", as: "dat", bytes: zip)
        // Then the dry run reports the match and the shapes, and changes nothing
        #expect(dryRun.json["dry_run"] as? Bool == true && dryRun.json["shapes"] as? Int == 2)
        let files = try #require(dryRun.json["files"] as? [[String: Any]])
        #expect(files.map { $0["path"] as? String } == ["labels/train/a.txt", "labels/train/b.txt"] && files.map { $0["action"] as? String } == ["match", "match"])
        #expect(try shapes(in: source)["a.jpg"] == [])
        // And the import itself puts them back
        #expect(try app.send(.POST, "/api/v1/projects/\(source)/import/yolo", as: "dat", bytes: zip).status == 200)
        #expect(try shapes(in: source)["a.jpg"]?.count == 2)
    }

    @Test func imageFilesNoAnnotationDescribesAreReportedNotAdded() throws {
        var bytes: [UInt8] = []
        let writer = ZipWriter { bytes += $0 }
        try writer.add("annotations.xml", Array("<annotations><image name='x.jpg' width='64' height='48'/></annotations>".utf8))
        try writer.add("images/x.jpg", try ImageUploadTests.jpeg(width: 64, height: 48, shade: 10), compress: false)
        try writer.add("images/stray.jpg", try ImageUploadTests.jpeg(width: 64, height: 48, shade: 90), compress: false)
        try writer.finish()
        let report = try app.send(.POST, "/api/v1/projects/\(target)/import/cvat", as: "dat", bytes: bytes).json
        #expect(report["images_created"] as? Int == 1)
        #expect((report["skipped"] as? [[String: Any]])?.map { $0["path"] as? String } == ["images/stray.jpg"])
    }

    @Test func exportChoicesAreCheckedAndApplied() throws {
        #expect(try app.send(.GET, "/api/v1/projects/\(source)/export/voc?splits=test", as: "dat").errorCode == "invalid_field")
        #expect(try app.send(.GET, "/api/v1/projects/\(source)/export/voc?images=some", as: "dat").errorCode == "invalid_field")
        #expect(try app.send(.GET, "/api/v1/projects/\(source)/export/yolo?task=pose", as: "dat").errorCode == "invalid_field")
        #expect(try app.send(.GET, "/api/v1/projects/\(source)/export/cvat?status=new,done", as: "dat").errorCode == "invalid_field")
        // Only in-progress images (the labelled one), no images, everything in train
        let zip = try ZipReader(try export("voc", "status=in_progress&images=none&val_fraction=0"))
        #expect(zip.entries.map(\.name).sorted() == ["Annotations/a.xml", "ImageSets/Main/Bike_train.txt", "ImageSets/Main/Car_train.txt",
                                                     "ImageSets/Main/train.txt", "labelmap.txt"])
    }

    @Test func badUploadsNameTheFileAndChangeNothing() throws {
        func zip(_ entries: [(String, [UInt8])]) throws -> [UInt8] {
            var bytes: [UInt8] = []
            let writer = ZipWriter { bytes += $0 }
            for (name, data) in entries { try writer.add(name, data) }
            try writer.finish()
            return bytes
        }
        let yaml = Array("names: [Car]\n".utf8)
        func post(_ format: String, _ body: [UInt8], _ query: String = "", into project: Int? = nil) throws
            -> (status: Int, code: String?, field: String?, message: String?) {
            let response = try app.send(.POST, "/api/v1/projects/\(project ?? target)/import/\(format)?\(query)", as: "dat", bytes: body)
            let error = response.json["error"] as? [String: Any]
            return (response.status, error?["code"] as? String, error?["field"] as? String, error?["message"] as? String)
        }
        // A path that climbs out of the archive
        let climbing = try post("yolo", try zip([("data.yaml", yaml), ("../labels/a.txt", Array("0 0.5 0.5 0.1 0.1\n".utf8))]))
        #expect(climbing.status == 422 && climbing.code == "invalid_zip" && climbing.message?.contains("../labels/a.txt") == true)
        // A label file whose image is nowhere
        let orphan = try post("yolo", try zip([("data.yaml", yaml), ("labels/ghost.txt", Array("0 0.5 0.5 0.1 0.1\n".utf8))]))
        #expect(orphan.status == 422 && orphan.field == "labels/ghost.txt.file_name")
        // An image file that is not an image
        let broken = try post("voc", try zip([("Annotations/x.xml", Array("<annotation><filename>x.jpg</filename></annotation>".utf8)),
                                              ("JPEGImages/x.jpg", Array("not a jpeg".utf8))]))
        #expect(broken.code == "invalid_image" && broken.field == "JPEGImages/x.jpg")
        // Malformed XML, sent on its own
        let xml = try post("cvat", Array("<annotations><image name='a.jpg' width='200' height='100'></annotations>".utf8))
        #expect(xml.code == "invalid_file" && xml.field == "annotations.xml:1")
        // Sizes that disagree with the project's image
        let sized = try post("cvat", Array("<annotations><image name='a.jpg' width='20' height='100'/></annotations>".utf8), into: source)
        #expect(sized.field == "annotations.xml:1.width")
        // A label the project lacks, with create_labels=0
        let cvat = Array("<annotations><image name='x.jpg' width='64' height='48'><tag label='Truck'/></image></annotations>".utf8)
        let truck = try post("cvat", try zip([("annotations.xml", cvat), ("images/x.jpg", try ImageUploadTests.jpeg(width: 64, height: 48, shade: 10))]), "create_labels=0")
        #expect(truck.field == "labels" && truck.message?.contains("Truck") == true)
        // One image described twice
        let twice = try post("via", Array("filename,file_size,file_attributes,region_count,region_id,region_shape_attributes,region_attributes\n".utf8)
                             + Array(#"b.jpg,1,"{}",1,0,"{""name"":""rect"",""x"":1,""y"":1,""width"":5,""height"":5}","{""label"":""Car""}""#.utf8))
        #expect(twice.field == "via.csv:2.file_name", "b.jpg is only in the source project")
        // YOLO is a zip or nothing
        #expect(try post("yolo", yaml).code == "invalid_file")
        // Nothing of any of it arrived
        #expect(try shapes(in: target).isEmpty)
        #expect((try app.send(.GET, "/api/v1/projects/\(target)/labels", as: "dat").json["labels"] as? [Any])?.isEmpty == true)
    }
}

@Suite struct ImportedPredictionsTests {
    @Test func labelStudioPredictionsBecomeSuggestionsAPersonCanAccept() throws {
        // Given a project with one 200×100 photo and Label Studio tasks with an annotation and a model's predictions
        let app = try TestApp()
        try app.addUser("dat", role: .data)
        let project = try #require(app.send(.POST, "/api/v1/projects", as: "dat", #"{"name":"Birds"}"#).json["id"] as? Int)
        let image = try app.uploadImage(to: project, as: "dat", fileName: "robin.jpg", width: 200, height: 100)
        let tasks = """
            [{"data": {"image": "/data/upload/1/0a1b2c3d-robin.jpg"},
              "annotations": [{"result": [{"type": "choices", "value": {"choices": ["spring"]}}]}],
              "predictions": [{"model_version": "yolo-v8", "score": 0.5, "result": [
                {"type": "rectanglelabels", "score": 0.9, "value": {"x": 10, "y": 20, "width": 30, "height": 40, "rectanglelabels": ["robin"]}},
                {"type": "rectanglelabels", "value": {"x": 50, "y": 50, "width": 10, "height": 10, "rectanglelabels": ["robin"]}}]}]}]
            """
        // When they are imported, twice (a second import replaces the open suggestions, it does not add to them)
        for _ in 0..<2 {
            let report = try app.send(.POST, "/api/v1/projects/\(project)/import/label-studio", as: "dat", bytes: Array(tasks.utf8))
            #expect(report.status == 200 && report.json["suggestions"] as? Int == 2 && report.json["shapes"] as? Int == 1, "\(report.text)")
        }
        // Then the image has its tag and two open suggestions, in pixels, saying where they came from
        let suggestions = try #require(app.send(.GET, "/api/v1/images/\(image)/box-suggestions", as: "dat").json["suggestions"] as? [[String: Any]])
        #expect(suggestions.map { $0["bbox"] as? [Double] } == [[20, 20, 60, 40], [100, 50, 20, 10]])
        #expect(suggestions.map { $0["score"] as? Double } == [0.9, 0.5] && suggestions.allSatisfy { $0["source"] as? String == "Label Studio: yolo-v8" })
        #expect(suggestions.allSatisfy { $0["model_version_id"] == nil || $0["model_version_id"] is NSNull })
        // And accepting one keeps it as a box; the other stays open
        let first = try #require(suggestions.first?["id"] as? Int)
        let labels = try #require(app.send(.GET, "/api/v1/projects/\(project)/labels", as: "dat").json["labels"] as? [[String: Any]])
        let robin = try #require(labels.first { $0["name"] as? String == "robin" }?["id"] as? Int)
        let spring = try #require(labels.first { $0["name"] as? String == "spring" }?["id"] as? Int)
        let save = try app.send(.PUT, "/api/v1/images/\(image)/annotations", as: "dat", """
            {"revision": 2, "shapes": [{"type": "tag", "label_id": \(spring)},
              {"type": "bbox", "label_id": \(robin), "x": 20, "y": 20, "w": 60, "h": 40, "suggestion_id": \(first)}]}
            """)
        #expect(save.status == 200, "\(save.text)")
        let open = try app.send(.GET, "/api/v1/images/\(image)/box-suggestions", as: "dat").json["suggestions"] as? [[String: Any]]
        #expect(open?.map { $0["score"] as? Double } == [0.5])
        #expect((try app.send(.GET, "/api/v1/images/\(image)/annotations", as: "dat").json["shapes"] as? [Any])?.count == 2)
    }
}
