// The project dashboard through the router: counts, review rate, work per annotator, agreement.
import Domain
import Foundation
import Store
import Testing
import Web
@testable import LoupeApp

@Suite struct DashboardTests {
    @Test func twoAnnotatorsOnTheSameImagesAreCompared() throws {
        // Given a project with two images and two annotators who both label them
        let app = try TestApp()
        try app.addUser("dat", role: .data)
        let projectID = try #require(try app.send(.POST, "/api/v1/projects", as: "dat", #"{"name":"Agree"}"#).json["id"] as? Int)
        let red = try #require(try app.send(.POST, "/api/v1/projects/\(projectID)/labels", as: "dat", #"{"name":"red"}"#).json["id"] as? Int)
        let blue = try #require(try app.send(.POST, "/api/v1/projects/\(projectID)/labels", as: "dat", #"{"name":"blue"}"#).json["id"] as? Int)
        let images = try (0..<2).map { n in
            try app.uploadImage(to: projectID, as: "dat", fileName: "\(n).jpg", shade: UInt8(40 + n * 80))
        }
        for name in ["ann", "bob"] {
            let user = try app.addUser(name, role: .annotator)
            _ = try app.context.database.setProjectMember(projectID: Int64(projectID), userID: user.id, role: .annotator, by: .commandLine)
        }
        func save(_ user: String, _ image: Int, revision: Int, tag: Int, box: (Double, Double)) throws {
            let body = #"{"revision":\#(revision),"shapes":[{"type":"tag","label_id":\#(tag)},{"type":"bbox","label_id":\#(red),"x":\#(box.0),"y":\#(box.1),"w":40,"h":40}]}"#
            #expect(try app.send(.PUT, "/api/v1/images/\(image)/annotations", as: user, body).status == 200)
        }
        // Image 1: same tag, boxes overlapping well (IoU 0.82). Image 2: different tags, boxes apart.
        try save("ann", images[0], revision: 0, tag: red, box: (10, 10))
        try save("bob", images[0], revision: 1, tag: red, box: (12, 12))
        try save("ann", images[1], revision: 0, tag: red, box: (10, 10))
        try save("bob", images[1], revision: 1, tag: blue, box: (100, 50))
        // When the data team opens the dashboard
        let dashboard = try app.send(.GET, "/api/v1/projects/\(projectID)/dashboard", as: "dat").json
        let agreement = try #require(dashboard["agreement"] as? [String: Any])
        // Then: box F1 is the mean of 1 and 0; Cohen's κ: pₒ = 1/2, pₑ = 1·1/2 = 1/2, so κ = 0
        #expect(agreement["images"] as? Int == 2 && agreement["kappa_method"] as? String == "cohen")
        #expect(abs((agreement["box_f1"] as? Double ?? -1) - 0.5) < 1e-9)
        #expect(abs((agreement["tag_kappa"] as? Double ?? -1)) < 1e-9)
        #expect((agreement["formulas"] as? [String: String])?["fleiss"]?.contains("P̄ₑ") == true)
        // And the rest of the page's figures
        #expect((dashboard["status_counts"] as? [String: Int])?["in_progress"] == 2)
        let labels = try #require(dashboard["labels"] as? [[String: Any]])
        #expect(labels.map { $0["name"] as? String } == ["red", "blue"] && labels[0]["boxes"] as? Int == 2 && labels[1]["tags"] as? Int == 1)
        let work = try #require(dashboard["daily_work"] as? [[String: Any]])
        #expect(Set(work.map { $0["username"] as? String }) == ["ann", "bob"] && work.allSatisfy { $0["images"] as? Int == 2 })
        #expect((dashboard["review"] as? [String: Any])?["acceptance_rate"] == nil)
    }
}
