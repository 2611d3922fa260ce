// Uploading images over the API with real codecs and a real data directory.
import Domain
import FileStore
import Foundation
import Imaging
import Store
import Testing
import Web
@testable import LoupeApp

@Suite struct ImageUploadTests {
    let app: TestApp
    let projectID: Int

    init() throws {
        app = try TestApp()
        try app.addUser("dat", role: .data)
        try app.addUser("ann", role: .annotator)
        let created = app.send(.POST, "/api/v1/projects", headers: try Self.auth(app, "dat").merging(["Content-Type": "application/json"]) { $1 },
                               body: #"{"name":"Photos"}"#)
        projectID = try #require(created.json["id"] as? Int)
        let annID = try app.context.database.user(named: "ann")!.id
        _ = try app.context.database.setProjectMember(projectID: Int64(projectID), userID: annID, role: .annotator, by: .commandLine)
    }

    static func auth(_ app: TestApp, _ username: String) throws -> [String: String] {
        ["Authorization": "Bearer \(try app.token(for: username))"]
    }

    static func jpeg(width: Int, height: Int, shade: UInt8) throws -> [UInt8] {
        try Imaging.encodeJPEG(RasterImage(width: width, height: height, channels: 3,
                                           pixels: [UInt8](repeating: shade, count: width * height * 3)))
    }

    func upload(_ bytes: [UInt8], name: String = "photo.jpg", as user: String = "dat") throws -> Response {
        var headers = try Self.auth(app, user)
        headers["Content-Type"] = "image/jpeg"
        return app.responder.respond(to: Request(
            method: .POST, target: "/api/v1/projects/\(projectID)/images?file_name=\(FormFields.encodeComponent(name))",
            headers: headers, body: bytes, requestID: "t"))
    }

    var dataDirectory: URL { app.context.files.dataDirectory }

    func filesUnder(_ folder: String) -> [String] {
        let root = dataDirectory.appendingPathComponent(folder)
        return (FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? []).filter { $0.contains(".") }
    }

    @Test func uploadStoresOriginalThumbnailAndRow() throws {
        // When the data team uploads a 640×480 JPEG with a path in its name
        let response = try upload(try Self.jpeg(width: 640, height: 480, shade: 90), name: "../../etc/cam 1.jpg")
        // Then it is recorded as displayed, with a sanitised name and its URLs
        #expect(response.status == 201)
        let image = try #require(response.json["image"] as? [String: Any])
        #expect(image["width"] as? Int == 640 && image["height"] as? Int == 480)
        #expect(image["file_name"] as? String == "cam 1.jpg" && image["status"] as? String == "new")
        #expect(response.json["duplicate"] as? Bool == false)
        // And the original and a 256-px thumbnail are stored content-addressed; no rendition for a small image
        #expect(filesUnder("images").count == 1 && filesUnder("thumbs").count == 1 && filesUnder("display").isEmpty)
        let thumbnail = try [UInt8](Data(contentsOf: dataDirectory.appendingPathComponent("thumbs").appendingPathComponent(filesUnder("thumbs")[0])))
        let info = try Imaging.inspect(thumbnail)
        #expect(info.width == 256 && info.height == 192)
    }

    @Test func sameBytesTwiceIsADuplicate() throws {
        let bytes = try Self.jpeg(width: 100, height: 80, shade: 30)
        #expect(try upload(bytes).status == 201)
        let again = try upload(bytes, name: "copy.jpg")
        #expect(again.status == 200 && again.json["duplicate"] as? Bool == true)
        #expect((again.json["image"] as? [String: Any])?["file_name"] as? String == "photo.jpg")
        #expect(try app.context.database.images(projectID: Int64(projectID), status: nil, afterID: 0, limit: 10).count == 1)
    }

    @Test func largeImagesGetADisplayRendition() throws {
        let response = try upload(try Self.jpeg(width: 3000, height: 1000, shade: 200))
        #expect(response.status == 201)
        let rendition = try #require(filesUnder("display").first)
        let info = try Imaging.inspect([UInt8](Data(contentsOf: dataDirectory.appendingPathComponent("display").appendingPathComponent(rendition))))
        #expect(info.width == 2048 && info.height == 683)
    }

    /// Every file under the data directory but the database's own (which grows with any write).
    func filesOutsideTheDatabase() throws -> Set<String> {
        let all = try FileManager.default.subpathsOfDirectory(atPath: dataDirectory.path)
        return Set(all.filter { !$0.hasPrefix("loupe.sqlite") })
    }

    @Test func badFilesAreRefusedAndLeaveNothing() throws {
        let before = try filesOutsideTheDatabase()
        let text = try upload(Array("just some text".utf8), name: "notes.jpg")
        #expect(text.status == 422 && text.errorCode == "unsupported_format")
        var truncated = try Self.jpeg(width: 300, height: 200, shade: 1)
        truncated.removeLast(truncated.count / 3)
        #expect(try upload(truncated).errorCode == "truncated_image")
        #expect(try upload([]).errorCode == "empty_file")
        #expect(filesUnder("images").isEmpty && filesUnder("thumbs").isEmpty)
        #expect(try app.context.database.imageCounts(projectID: Int64(projectID)).values.reduce(0, +) == 0)
        // Nothing was left anywhere: no half-written file in tmp/, no original, no thumbnail
        #expect(try filesOutsideTheDatabase().subtracting(before).filter { !$0.hasSuffix("tmp") }.isEmpty)
    }

    @Test func annotatorsCannotUploadAndOutsidersCannotSee() throws {
        #expect(try upload(try Self.jpeg(width: 10, height: 10, shade: 5), as: "ann").status == 403)
        try app.addUser("out", role: .reviewer)
        #expect(try upload(try Self.jpeg(width: 10, height: 10, shade: 5), as: "out").status == 404)
        let id = try #require((try upload(try Self.jpeg(width: 10, height: 10, shade: 6)).json["image"] as? [String: Any])?["id"] as? Int)
        #expect(app.send(.GET, "/api/v1/images/\(id)/thumbnail", headers: try Self.auth(app, "out")).status == 404)
        let member = app.send(.GET, "/api/v1/images/\(id)/thumbnail", headers: try Self.auth(app, "ann"))
        #expect(member.status == 200)
        #expect(member.header("X-Accel-Redirect")?.hasPrefix("/_files/thumbs/") == true)
        #expect(member.body.isEmpty)
    }

    @Test func keysetPagesAndCounts() throws {
        for shade in 0..<5 { #expect(try upload(try Self.jpeg(width: 16, height: 16, shade: UInt8(shade * 40))).status == 201) }
        let auth = try Self.auth(app, "ann")
        let first = app.send(.GET, "/api/v1/projects/\(projectID)/images?limit=2", headers: auth)
        let after = try #require(first.json["next_after"] as? Int)
        let second = app.send(.GET, "/api/v1/projects/\(projectID)/images?limit=2&after=\(after)", headers: auth)
        let third = app.send(.GET, "/api/v1/projects/\(projectID)/images?limit=2&after=\(second.json["next_after"] as! Int)", headers: auth)
        let ids = [first, second, third].flatMap { ($0.json["images"] as? [[String: Any]] ?? []).map { $0["id"] as! Int } }
        #expect(ids.count == 5 && ids == ids.sorted() && Set(ids).count == 5)
        #expect(third.json["next_after"] == nil)
        #expect((first.json["counts"] as? [String: Int])?["new"] == 5)
        #expect(app.send(.GET, "/api/v1/projects/\(projectID)/images?status=bogus", headers: auth).errorCode == "invalid_field")
    }
}
