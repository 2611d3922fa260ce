// Review, snapshots and COCO export through the router: roles, status errors, the file's shape.
import Domain
import Foundation
import Store
import Testing
import Web
@testable import LoupeApp

@Suite struct ReviewExportTests {
    let app: TestApp
    let imageID: Int
    let projectID: Int
    let labelID: Int

    init() throws {
        app = try TestApp()
        try app.addUser("dat", role: .data)
        try app.addUser("ann", role: .annotator)
        try app.addUser("rev", role: .reviewer)
        let data = ["Authorization": "Bearer \(try app.token(for: "dat"))", "Content-Type": "application/json"]
        projectID = try #require(app.send(.POST, "/api/v1/projects", headers: data, body: #"{"name":"A \"quoted\""}"#).json["id"] as? Int)
        imageID = try app.uploadImage(to: projectID, as: "dat")
        labelID = try #require(app.send(.POST, "/api/v1/projects/\(projectID)/labels", headers: data, body: #"{"name":"Car"}"#).json["id"] as? Int)
        for name in ["ann", "rev"] {
            let id = try app.context.database.user(named: name)!.id
            _ = try app.context.database.setProjectMember(projectID: Int64(projectID), userID: id, role: name == "rev" ? .reviewer : .annotator, by: .commandLine)
        }
    }

    @Test func annotatorsSubmitAndReviewersDecide() throws {
        let shapes = #"{"revision":0,"shapes":[{"type":"bbox","label_id":\#(labelID),"x":10,"y":10,"w":50,"h":20}]}"#
        #expect(try app.send(.PUT, "/api/v1/images/\(imageID)/annotations", as: "ann", shapes).status == 200)
        #expect(try app.send(.POST, "/api/v1/images/\(imageID)/submit", as: "ann", #"{"revision":1}"#).json["status"] as? String == "submitted")
        // An annotator can neither decide nor keep editing
        #expect(try app.send(.POST, "/api/v1/images/\(imageID)/review", as: "ann", #"{"decision":"accept"}"#).status == 403)
        let locked = try app.send(.PUT, "/api/v1/images/\(imageID)/annotations", as: "ann", #"{"revision":1,"shapes":[]}"#)
        #expect(locked.status == 409 && locked.errorCode == "wrong_status")
        // A reviewer must say why when rejecting
        let bare = try app.send(.POST, "/api/v1/images/\(imageID)/review", as: "rev", #"{"decision":"reject"}"#)
        #expect(bare.status == 422 && (bare.json["error"] as? [String: Any])?["field"] as? String == "comment")
        #expect(try app.send(.POST, "/api/v1/images/\(imageID)/review", as: "rev", #"{"decision":"maybe"}"#).errorCode == "invalid_field")
        let rejected = try app.send(.POST, "/api/v1/images/\(imageID)/review", as: "rev", #"{"decision":"reject","comment":"Box too loose"}"#)
        #expect(rejected.json["status"] as? String == "rejected")
        let history = try app.send(.GET, "/api/v1/images/\(imageID)/reviews", as: "ann").json["reviews"] as? [[String: Any]]
        #expect(history?.first?["comment"] as? String == "Box too loose" && history?.first?["reviewer"] as? String == "rev")
        // Deciding twice is a clear 409
        let again = try app.send(.POST, "/api/v1/images/\(imageID)/review", as: "rev", #"{"decision":"accept"}"#)
        #expect(again.status == 409 && again.errorCode == "wrong_status")
    }

    @Test func exportsAreCOCOWithSnapshots() throws {
        let shapes = #"{"revision":0,"shapes":[{"type":"bbox","label_id":\#(labelID),"x":10,"y":10,"w":50,"h":20},{"type":"polygon","label_id":\#(labelID),"points":[[0,0],[30,0],[0,30]]},{"type":"tag","label_id":\#(labelID)}]}"#
        #expect(try app.send(.PUT, "/api/v1/images/\(imageID)/annotations", as: "ann", shapes).status == 200)
        // The live export has the image, both shapes, the tag, and categories from 1
        let live = try app.send(.GET, "/api/v1/projects/\(projectID)/export/coco", as: "ann")
        #expect(live.status == 200 && live.header("Content-Disposition") == "attachment; filename=\"A__quoted_-live.coco.json\"")
        let coco = try #require(try JSONSerialization.jsonObject(with: Data(live.collectedBody())) as? [String: Any])
        #expect((coco["categories"] as? [[String: Any]])?.map { $0["id"] as? Int } == [1])
        let image = try #require((coco["images"] as? [[String: Any]])?.first)
        #expect(image["width"] as? Int == 200 && image["file_name"] as? String == "a.jpg" && image["tags"] as? [Int] == [1])
        let annotations = try #require(coco["annotations"] as? [[String: Any]])
        #expect(annotations.map { $0["id"] as? Int } == [1, 2])
        #expect(annotations[0]["bbox"] as? [Double] == [10, 10, 50, 20] && annotations[0]["area"] as? Double == 1000)
        #expect(annotations[1]["area"] as? Double == 450 && (annotations[1]["segmentation"] as? [[Double]])?.first?.count == 6)
        // Snapshots hold accepted images only: none yet
        #expect(try app.send(.POST, "/api/v1/projects/\(projectID)/snapshots", as: "ann", #"{"name":"v1"}"#).status == 403)
        let snapshot = try app.send(.POST, "/api/v1/projects/\(projectID)/snapshots", as: "dat", #"{"name":"v1"}"#)
        #expect(snapshot.status == 201 && snapshot.json["image_count"] as? Int == 0)
        let frozen = try app.send(.GET, "/api/v1/projects/\(projectID)/export/coco?snapshot=v1", as: "dat")
        let empty = try #require(try JSONSerialization.jsonObject(with: Data(frozen.collectedBody())) as? [String: Any])
        #expect((empty["images"] as? [Any])?.isEmpty == true && (empty["annotations"] as? [Any])?.isEmpty == true)
        #expect((empty["info"] as? [String: Any])?["version"] as? String == "v1")
        // Unknown snapshots and statuses say so
        #expect(try app.send(.GET, "/api/v1/projects/\(projectID)/export/coco?snapshot=nope", as: "dat").status == 404)
        #expect(try app.send(.GET, "/api/v1/projects/\(projectID)/export/coco?status=done", as: "dat").errorCode == "invalid_field")
    }

    @Test func theWriterStreamsInChunks() throws {
        // Given a writer with a tiny chunk size
        var chunks: [[UInt8]] = []
        let writer = COCOWriter(chunkSize: 64) { chunks.append($0) }
        try writer.begin(description: "d", version: "v", dateCreated: "2026-11-23T00:00:00Z", categories: [COCOCategory(id: 1, name: "a")])
        for id in 1...20 { try writer.add(COCOImage(id: Int64(id), fileName: "\(id).png", width: 10, height: 10, tags: [])) }
        for id in 1...20 { try writer.add(.box(labelID: 1, x: 1, y: 1, width: 2, height: 2), categoryID: 1, imageID: Int64(id), width: 10, height: 10) }
        try writer.finish()
        // Then it came out in many pieces that join into one valid document
        #expect(chunks.count > 10)
        let coco = try #require(try JSONSerialization.jsonObject(with: Data(chunks.joined())) as? [String: Any])
        #expect((coco["annotations"] as? [[String: Any]])?.count == 20)
        #expect((coco["info"] as? [String: Any])?["year"] as? Int == 2026)
    }
}

extension ReviewExportTests {
    @Test func exportThenImportRoundTrips() throws {
        // Given an annotated image exported from project A
        let shapes = #"{"revision":0,"shapes":[{"type":"bbox","label_id":\#(labelID),"x":10.123,"y":10,"w":50,"h":20},{"type":"polygon","label_id":\#(labelID),"points":[[0,0],[30.5,0],[0,30.25]]},{"type":"tag","label_id":\#(labelID)}]}"#
        #expect(try app.send(.PUT, "/api/v1/images/\(imageID)/annotations", as: "ann", shapes).status == 200)
        let first = try app.send(.GET, "/api/v1/projects/\(projectID)/export/coco", as: "dat").collectedBody()
        // When project B gets the same image and imports the file
        let data = ["Authorization": "Bearer \(try app.token(for: "dat"))", "Content-Type": "application/json"]
        let other = try #require(app.send(.POST, "/api/v1/projects", headers: data, body: #"{"name":"B"}"#).json["id"] as? Int)
        _ = app.responder.respond(to: Request(method: .POST, target: "/api/v1/projects/\(other)/images?file_name=a.jpg", headers: data,
                                              body: try ImageUploadTests.jpeg(width: 200, height: 100, shade: 50), requestID: "u"))
        #expect(try app.send(.POST, "/api/v1/projects/\(other)/import/coco", as: "ann", String(decoding: first, as: UTF8.self)).status == 403)
        let imported = try app.send(.POST, "/api/v1/projects/\(other)/import/coco", as: "dat", String(decoding: first, as: UTF8.self))
        #expect(imported.status == 200 && imported.json["shapes"] as? Int == 3 && imported.json["labels_created"] as? Int == 1)
        // Then B exports the same annotations (image ids aside: they are each project's own)
        let second = try app.send(.GET, "/api/v1/projects/\(other)/export/coco", as: "dat").collectedBody()
        func comparable(_ bytes: [UInt8]) throws -> [String: NSObject] {
            var coco = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
            coco["info"] = nil
            coco["images"] = (coco["images"] as? [[String: Any]])?.map { $0.filter { $0.key != "id" } }
            coco["annotations"] = (coco["annotations"] as? [[String: Any]])?.map { $0.filter { $0.key != "image_id" } }
            return coco.mapValues { $0 as! NSObject }
        }
        #expect(try comparable(first) == comparable(second))
    }

    @Test func badImportsChangeNothing() throws {
        // A file naming an image the project does not have is refused with its path; no label appears
        let missing = try app.send(.POST, "/api/v1/projects/\(projectID)/import/coco", as: "dat", """
            {"categories":[{"id":1,"name":"New label"}],"images":[{"id":1,"file_name":"a.jpg"},{"id":2,"file_name":"nope.jpg"}],
             "annotations":[{"image_id":1,"category_id":1,"bbox":[1,1,5,5]}]}
            """)
        #expect(missing.status == 422 && (missing.json["error"] as? [String: Any])?["field"] as? String == "images[1].file_name")
        #expect((try app.send(.GET, "/api/v1/projects/\(projectID)/labels", as: "dat").json["labels"] as? [Any])?.count == 1)
        #expect((try app.send(.GET, "/api/v1/images/\(imageID)/annotations", as: "dat").json["shapes"] as? [Any])?.isEmpty == true)
        // Sizes that disagree with the image as displayed are named too
        let rotated = try app.send(.POST, "/api/v1/projects/\(projectID)/import/coco", as: "dat", """
            {"categories":[],"images":[{"id":1,"file_name":"a.jpg","width":100,"height":200}]}
            """)
        #expect((rotated.json["error"] as? [String: Any])?["field"] as? String == "images[0].width")
        // A shape the save rules refuse names its annotation
        let flat = try app.send(.POST, "/api/v1/projects/\(projectID)/import/coco", as: "dat", """
            {"categories":[{"id":1,"name":"Car"}],"images":[{"id":1,"file_name":"a.jpg"}],
             "annotations":[{"image_id":1,"category_id":1,"bbox":[1,1,5,5]},{"image_id":1,"category_id":1,"segmentation":[[0,0,1,1,2,2]]}]}
            """)
        #expect((flat.json["error"] as? [String: Any])?["field"] as? String == "annotations[1]")
        #expect(try app.send(.POST, "/api/v1/projects/\(projectID)/import/coco", as: "dat", "{").errorCode == "invalid_file")
    }
}
