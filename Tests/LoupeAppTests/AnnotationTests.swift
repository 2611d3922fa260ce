// Labels and annotations over the API: roles, validation paths, the 409 with the current revision.
import Domain
import FileStore
import Foundation
import Imaging
import Store
import Testing
import Web
@testable import LoupeApp

@Suite struct AnnotationTests {
    let app: TestApp
    let imageID: Int
    let projectID: Int

    init() throws {
        app = try TestApp()
        try app.addUser("dat", role: .data)
        try app.addUser("ann", role: .annotator)
        let json = ["Content-Type": "application/json"]
        let data = ["Authorization": "Bearer \(try app.token(for: "dat"))"]
        projectID = try #require(app.send(.POST, "/api/v1/projects", headers: data.merging(json) { $1 }, body: #"{"name":"A"}"#).json["id"] as? Int)
        imageID = try app.uploadImage(to: projectID, as: "dat")
        let annID = try app.context.database.user(named: "ann")!.id
        _ = try app.context.database.setProjectMember(projectID: Int64(projectID), userID: annID, role: .annotator, by: .commandLine)
    }

    @Test func labelsAreManagedByTheDataTeam() throws {
        #expect(try app.send(.POST, "/api/v1/projects/\(projectID)/labels", as: "ann", #"{"name":"Car"}"#).status == 403)
        let car = try app.send(.POST, "/api/v1/projects/\(projectID)/labels", as: "dat", #"{"name":"Car","hotkey":"1"}"#)
        #expect(car.status == 201 && car.json["color"] as? String == "#e5484d")
        let list = try app.send(.GET, "/api/v1/projects/\(projectID)/labels", as: "ann")
        #expect((list.json["labels"] as? [[String: Any]])?.first?["hotkey"] as? String == "1")
        let id = try #require(car.json["id"] as? Int)
        let cleared = try app.send(.PATCH, "/api/v1/labels/\(id)", as: "dat", ##"{"hotkey":null,"color":"#000000"}"##)
        #expect(cleared.status == 200 && cleared.json["hotkey"] == nil && cleared.json["color"] as? String == "#000000")
        #expect(try app.send(.PATCH, "/api/v1/labels/\(id)", as: "dat", #"{"color":"blue"}"#).errorCode == "invalid_field")
    }

    @Test func hotkeysComeAsTextOrNumbersAndLabelsKeepTheOrderTheDataTeamSets() throws {
        // Given three labels, one with its hotkey sent as a number
        let path = "/api/v1/projects/\(projectID)/labels"
        let car = try app.send(.POST, path, as: "dat", #"{"name":"Car","hotkey":1}"#)
        #expect(car.status == 201 && car.json["hotkey"] as? String == "1")
        #expect(try app.send(.POST, path, as: "dat", #"{"name":"Van","hotkey":12}"#).errorCode == "invalid_field")
        let bus = try app.send(.POST, path, as: "dat", #"{"name":"Bus"}"#)
        let tram = try app.send(.POST, path, as: "dat", #"{"name":"Tram"}"#)
        let ids = try [car, bus, tram].map { try #require($0.json["id"] as? Int) }
        #expect(try app.send(.PATCH, "/api/v1/labels/\(ids[1])", as: "dat", #"{"hotkey":2}"#).json["hotkey"] as? String == "2")
        // When the data team puts Tram first
        let order = "\(path)/order"
        let reordered = try app.send(.PUT, order, as: "dat", #"{"label_ids":[\#(ids[2]),\#(ids[0]),\#(ids[1])]}"#)
        #expect(reordered.status == 200)
        // Then every reader gets that order, and a new label comes last
        _ = try app.send(.POST, path, as: "dat", #"{"name":"Bike"}"#)
        let names = (try app.send(.GET, path, as: "ann").json["labels"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(names == ["Tram", "Car", "Bus", "Bike"])
        // And an order that leaves a label out, or names another's, is refused with the field
        let partial = try app.send(.PUT, order, as: "dat", #"{"label_ids":[\#(ids[0])]}"#)
        #expect(partial.status == 422 && (partial.json["error"] as? [String: Any])?["field"] as? String == "label_ids")
        #expect(try app.send(.PUT, order, as: "ann", #"{"label_ids":[]}"#).status == 403)
    }

    @Test func annotatorsSaveAndConflictsAre409WithTheRevision() throws {
        let label = try #require(try app.send(.POST, "/api/v1/projects/\(projectID)/labels", as: "dat", #"{"name":"Car"}"#).json["id"] as? Int)
        let path = "/api/v1/images/\(imageID)/annotations"
        #expect(try app.send(.GET, path, as: "ann").json["revision"] as? Int == 0)
        let body = #"{"revision":0,"shapes":[{"type":"bbox","label_id":\#(label),"x":10,"y":10,"w":50,"h":20},{"type":"polygon","label_id":\#(label),"points":[[0,0],[30,0],[0,30]]},{"type":"tag","label_id":\#(label)}]}"#
        let saved = try app.send(.PUT, path, as: "ann", body)
        #expect(saved.status == 200 && saved.json["revision"] as? Int == 1)
        #expect((try app.send(.GET, path, as: "ann").json["shapes"] as? [Any])?.count == 3)
        // A second client still on revision 0
        let stale = try app.send(.PUT, path, as: "dat", body)
        #expect(stale.status == 409 && stale.errorCode == "stale_revision" && stale.json["revision"] as? Int == 1)
        // Malformed and invalid shapes name their field
        let missing = try app.send(.PUT, path, as: "ann", #"{"revision":1,"shapes":[{"type":"bbox","label_id":\#(label),"x":1,"y":1,"w":5}]}"#)
        #expect(missing.status == 400 && (missing.json["error"] as? [String: Any])?["field"] as? String == "shapes[0].h")
        let flat = try app.send(.PUT, path, as: "ann", #"{"revision":1,"shapes":[{"type":"polygon","label_id":\#(label),"points":[[0,0],[1,1],[2,2]]}]}"#)
        #expect(flat.status == 422 && (flat.json["error"] as? [String: Any])?["field"] as? String == "shapes[0].points")
        // Outsiders see nothing
        try app.addUser("out", role: .annotator)
        #expect(try app.send(.GET, path, as: "out").status == 404)
    }

    @Test func shapesCarryTheirLabelsAttributesCheckedOnSaveAndExportedInCOCO() throws {
        // Given a label whose shapes say whether they are occluded and what colour they are
        let created = try app.send(.POST, "/api/v1/projects/\(projectID)/labels", as: "dat",
                                   #"{"name":"Car","attributes":[{"name":"occluded","kind":"boolean"},{"name":"colour","kind":"choice","options":["red","blue"]}]}"#)
        #expect(created.status == 201 && (created.json["attributes"] as? [[String: Any]])?.map { $0["kind"] as? String } == ["boolean", "choice"])
        let label = try #require(created.json["id"] as? Int)
        #expect(try app.send(.POST, "/api/v1/projects/\(projectID)/labels", as: "dat",
                             #"{"name":"Van","attributes":[{"name":"colour","kind":"choice"}]}"#).errorField == "attributes[0].options")
        // When an annotator saves a box with a colour no label offers, the error names that value
        let path = "/api/v1/images/\(imageID)/annotations"
        func body(_ revision: Int, _ values: String) -> String {
            #"{"revision":\#(revision),"shapes":[{"type":"bbox","label_id":\#(label),"x":1,"y":1,"w":9,"h":9},{"type":"bbox","label_id":\#(label),"x":5,"y":5,"w":9,"h":9,"attributes":\#(values)}]}"#
        }
        let wrong = try app.send(.PUT, path, as: "ann", body(0, #"{"occluded":true,"colour":"green"}"#))
        #expect(wrong.status == 422 && wrong.errorField == "shapes[1].attributes.colour")
        #expect(try app.send(.PUT, path, as: "ann", body(0, #"{"occluded":"yes"}"#)).errorField == "shapes[1].attributes.occluded")
        // And a valid save reads back with its values
        #expect(try app.send(.PUT, path, as: "ann", body(0, #"{"occluded":true,"colour":"blue"}"#)).status == 200)
        let shapes = try #require(try app.send(.GET, path, as: "ann").json["shapes"] as? [[String: Any]])
        #expect(shapes[0]["attributes"] == nil && (shapes[1]["attributes"] as? [String: Any])?["colour"] as? String == "blue")
        // Then COCO writes every annotation's attributes, defaults filled in
        let export = try app.send(.GET, "/api/v1/projects/\(projectID)/export/coco", as: "dat")
        let coco = try #require(try JSONSerialization.jsonObject(with: Data(export.collectedBody())) as? [String: Any])
        let written = try #require(coco["annotations"] as? [[String: Any]]).map { $0["attributes"] as? [String: Any] }
        #expect(written.map { $0?["occluded"] as? Bool } == [false, true] && written.map { $0?["colour"] as? String } == ["red", "blue"])
        // When the data team takes "blue" away, the box keeps only what still fits
        let narrowed = try app.send(.PATCH, "/api/v1/labels/\(label)", as: "dat",
                                    #"{"attributes":[{"name":"occluded","kind":"boolean"},{"name":"colour","kind":"choice","options":["red"]}]}"#)
        #expect(narrowed.status == 200)
        let after = try #require(try app.send(.GET, path, as: "ann").json["shapes"] as? [[String: Any]])
        #expect((after[1]["attributes"] as? [String: Any])?.keys.sorted() == ["occluded"])
    }

    @Test func imageAdjustmentsAreKeptPerPersonAndProject() throws {
        let path = "/api/v1/projects/\(projectID)/editor-settings"
        // Given nobody has adjusted anything, the neutral settings come back
        let neutral = try app.send(.GET, path, as: "ann").json
        #expect(neutral["brightness"] as? Double == 0 && neutral["gamma"] as? Double == 1 && neutral["invert"] as? Bool == false)
        // When the annotator brightens and inverts, it is kept for her and not for the data team
        let saved = try app.send(.PUT, path, as: "ann", #"{"brightness":30,"contrast":-20,"gamma":1.5,"invert":true}"#)
        #expect(saved.status == 200)
        let again = try app.send(.GET, path, as: "ann").json
        #expect(again["brightness"] as? Double == 30 && again["contrast"] as? Double == -20 && again["gamma"] as? Double == 1.5 && again["invert"] as? Bool == true)
        #expect(try app.send(.GET, path, as: "dat").json["brightness"] as? Double == 0)
        // And a value out of range names itself and changes nothing
        let wrong = try app.send(.PUT, path, as: "ann", #"{"brightness":0,"contrast":0,"gamma":9,"invert":false}"#)
        #expect(wrong.status == 422 && wrong.errorField == "gamma")
        #expect(try app.send(.GET, path, as: "ann").json["gamma"] as? Double == 1.5)
    }

    @Test func propagationAddsShapesToTheNextImagesClampedAndSaysWhatItSkipped() throws {
        // Given three more images after the first: a small one, one submitted, one with the tag already
        let label = try #require(try app.send(.POST, "/api/v1/projects/\(projectID)/labels", as: "dat", #"{"name":"Car"}"#).json["id"] as? Int)
        let small = try app.uploadImage(to: projectID, as: "dat", fileName: "b.jpg", width: 60, height: 40, shade: 60)
        let submitted = try app.uploadImage(to: projectID, as: "dat", fileName: "c.jpg", shade: 70)
        let tagged = try app.uploadImage(to: projectID, as: "dat", fileName: "d.jpg", shade: 80)
        #expect(try app.send(.PUT, "/api/v1/images/\(submitted)/annotations", as: "ann", #"{"revision":0,"shapes":[]}"#).status == 200)
        #expect(try app.send(.POST, "/api/v1/images/\(submitted)/submit", as: "ann").status == 200)
        #expect(try app.send(.PUT, "/api/v1/images/\(tagged)/annotations", as: "ann", #"{"revision":0,"shapes":[{"type":"tag","label_id":\#(label)}]}"#).status == 200)
        // When the annotator propagates a box and a tag from the first image to the next three
        let body = #"{"count":3,"shapes":[{"type":"bbox","label_id":\#(label),"x":40,"y":20,"w":50,"h":30},{"type":"tag","label_id":\#(label)}]}"#
        let result = try app.send(.POST, "/api/v1/images/\(imageID)/propagate", as: "ann", body)
        #expect(result.status == 200)
        // Then the small image gets the box clamped to it and the tag; the tagged one only the box; the submitted one is skipped
        let changed = try #require(result.json["changed"] as? [[String: Any]])
        #expect(changed.map { $0["image_id"] as? Int } == [small, tagged] && changed.map { $0["added"] as? Int } == [2, 1])
        let skipped = try #require(result.json["skipped"] as? [[String: Any]])
        #expect(skipped.map { $0["image_id"] as? Int } == [submitted] && (skipped.first?["reason"] as? String)?.hasPrefix("submitted") == true)
        let boxes = try #require(try app.send(.GET, "/api/v1/images/\(small)/annotations", as: "ann").json["shapes"] as? [[String: Any]])
        #expect(boxes.first?["x"] as? Double == 40 && boxes.first?["w"] as? Double == 20 && boxes.first?["h"] as? Double == 20)
        #expect((try app.send(.GET, "/api/v1/images/\(tagged)/annotations", as: "ann").json["shapes"] as? [Any])?.count == 2)
        // And a shape no label of the project has refuses the whole request, changing nothing
        let wrong = try app.send(.POST, "/api/v1/images/\(imageID)/propagate", as: "ann",
                                 #"{"count":3,"shapes":[{"type":"bbox","label_id":999,"x":1,"y":1,"w":5,"h":5}]}"#)
        #expect(wrong.status == 422 && wrong.errorField == "shapes[0].label_id")
        #expect(try app.send(.POST, "/api/v1/images/\(imageID)/propagate", as: "ann", #"{"count":0,"shapes":[]}"#).errorField == "count")
        #expect(try app.send(.GET, "/api/v1/images/\(small)/annotations", as: "ann").json["revision"] as? Int == 1)
    }
}
