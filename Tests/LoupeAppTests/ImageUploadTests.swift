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

    @Test func imagesOverTheDisplayLimitGetATilePyramidServedAfterTheAccessCheck() throws {
        // Given a 3000 × 1000 upload: levels 3000, 1500, 750, 375, 188 px wide
        let response = try upload(try Self.jpeg(width: 3000, height: 1000, shade: 120))
        let image = try #require(response.json["image"] as? [String: Any])
        #expect(image["tile_levels"] as? Int == 5)
        let id = try #require(image["id"] as? Int)
        // Every tile of every level is there (one shade: the same bytes, stored once)
        let grid = [(12, 4), (6, 2), (3, 1), (2, 1), (1, 1)]
        for (level, (columns, rows)) in grid.enumerated() {
            for x in 0..<columns { for y in 0..<rows { #expect(try app.context.database.tilePath(imageID: Int64(id), level: level, x: x, y: y) != nil) } }
            #expect(try app.context.database.tilePath(imageID: Int64(id), level: level, x: columns, y: 0) == nil)
        }
        // Then a tile is sent by nginx from the content store, to members only; one it lacks is a 404
        let tile = app.send(.GET, "/api/v1/images/\(id)/tiles/0/11/3", headers: try Self.auth(app, "ann"))
        #expect(tile.status == 200 && tile.header("X-Accel-Redirect")?.hasPrefix("/_files/tiles/") == true && tile.header("Content-Type") == "image/jpeg")
        let path = String(try #require(tile.header("X-Accel-Redirect")).dropFirst("/_files/".count))
        let info = try Imaging.inspect([UInt8](Data(contentsOf: dataDirectory.appendingPathComponent(path))))
        #expect(info.width == 3000 - 11 * 256 && info.height == 1000 - 3 * 256)
        #expect(app.send(.GET, "/api/v1/images/\(id)/tiles/0/12/0", headers: try Self.auth(app, "ann")).status == 404)
        #expect(app.send(.GET, "/api/v1/images/\(id)/tiles/x/0/0", headers: try Self.auth(app, "ann")).status == 404)
        try app.addUser("out", role: .annotator)
        #expect(app.send(.GET, "/api/v1/images/\(id)/tiles/0/0/0", headers: try Self.auth(app, "out")).status == 404)
        // And a small image has none
        let small = try #require(try upload(try Self.jpeg(width: 800, height: 600, shade: 10), name: "small.jpg").json["image"] as? [String: Any])
        #expect(small["tile_levels"] as? Int == 0)
    }

    @Test func overThePixelLimitOnlyBaselineJPEGsWithoutARotationAreTaken() throws {
        // Given limits of 1 MP decoded whole and 4 MP tiled
        let ingest = ImageIngest(store: app.context.database, files: app.context.files, maxPixels: 1_000_000, maxTiledPixels: 4_000_000)
        let pixels = [UInt8](repeating: 90, count: 2100 * 1000 * 3)
        // Then a 2.1 MP baseline JPEG is tiled (2100, 1050, 525, 263, 132 px wide), and refusals say why the others are not
        let baseline = try ingest.prepare(try Imaging.encodeJPEG(RasterImage(width: 2100, height: 1000, channels: 3, pixels: pixels)),
                                          fileName: "wide.jpg", projectID: Int64(projectID))
        #expect(baseline.tileLevels == 5 && baseline.tiles.count == 9 * 4 + 5 * 2 + 3 + 2 + 1)
        #expect(ImageIngest.tilingRefusal(format: .jpeg, orientation: .rotated180, progressive: false) == "rotated by its EXIF orientation")
        #expect(ImageIngest.tilingRefusal(format: .jpeg, orientation: .up, progressive: true) == "a progressive JPEG")
        #expect(ImageIngest.tilingRefusal(format: .png, orientation: .up, progressive: true) == "an interlaced PNG")
        #expect(ImagingError.tooLargeToTile(width: 1500, height: 1000, limit: 1_000_000, reason: "a PNG").description
            == "The image is 1500×1000 (1 MP). Over 1 MP, Loupe takes baseline JPEGs without an EXIF rotation, which it tiles row by row; this one is a PNG.")
        let huge = try Imaging.encodeJPEG(RasterImage(width: 2100, height: 2000, channels: 3, pixels: [UInt8](repeating: 9, count: 2100 * 2000 * 3)))
        #expect(throws: ImagingError.tooLarge(width: 2100, height: 2000, limit: 4_000_000)) {
            try ingest.prepare(huge, fileName: "huge.jpg", projectID: Int64(projectID))
        }
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
