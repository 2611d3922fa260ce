// Multipart batches: each file gets its own result; a session's CSRF token must precede the files.
import Domain
import Foundation
import Imaging
import Store
import Testing
import Web
@testable import LoupeApp

@Suite struct ImageBatchUploadTests {
    let app: TestApp
    let projectID: Int
    static let boundary = "XyZbatchBoundary42"

    init() throws {
        app = try TestApp()
        let created = app.send(.POST, "/api/v1/projects", headers: ["Authorization": "Bearer \(try app.token(for: "admin"))",
                                                                     "Content-Type": "application/json"], body: #"{"name":"Batch"}"#)
        projectID = try #require(created.json["id"] as? Int)
    }

    static func multipart(fields: [(String, String)] = [], files: [(String, [UInt8])], trailing: [(String, String)] = []) -> [UInt8] {
        var body: [UInt8] = []
        func field(_ name: String, _ value: String) {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        for (name, value) in fields { field(name, value) }
        for (filename, bytes) in files {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"files\"; filename=\"\(filename)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
            body += bytes + Array("\r\n".utf8)
        }
        for (name, value) in trailing { field(name, value) }
        return body + Array("--\(boundary)--\r\n".utf8)
    }

    func post(_ body: [UInt8], headers: [String: String]) -> Response {
        var headers = headers
        headers["Content-Type"] = "multipart/form-data; boundary=\(Self.boundary)"
        return app.responder.respond(to: Request(method: .POST, target: "/api/v1/projects/\(projectID)/images",
                                                 headers: headers, body: body, requestID: "b"))
    }

    func results(_ response: Response) -> [[String: Any]] { response.json["results"] as? [[String: Any]] ?? [] }

    @Test func mixedBatchReportsEachFile() throws {
        // Given a batch of two good images, the first again, a GIF and an empty file
        let a = try ImageUploadTests.jpeg(width: 40, height: 30, shade: 10)
        let b = try ImageUploadTests.jpeg(width: 30, height: 40, shade: 240)
        let body = Self.multipart(files: [("a.jpg", a), ("b.jpg", b), ("a-again.jpg", a), ("anim.gif", Array("GIF89a...".utf8)), ("empty.png", [])])
        // When it is posted with an API token
        let response = post(body, headers: ["Authorization": "Bearer \(try app.token(for: "admin"))"])
        // Then each file has its own outcome, in order
        #expect(response.status == 200)
        let outcome = results(response)
        #expect(outcome.map { $0["file"] as? String } == ["a.jpg", "b.jpg", "a-again.jpg", "anim.gif", "empty.png"])
        #expect(outcome[0]["duplicate"] as? Bool == false && outcome[1]["duplicate"] as? Bool == false)
        #expect(outcome[2]["duplicate"] as? Bool == true)
        #expect((outcome[3]["error"] as? [String: Any])?["code"] as? String == "unsupported_format")
        #expect((outcome[4]["error"] as? [String: Any])?["code"] as? String == "empty_file")
        #expect(try app.context.database.imageCounts(projectID: Int64(projectID))[.new] == 2)
    }

    @Test func sessionsNeedTheTokenBeforeTheFiles() throws {
        var browser = try app.browser("admin")
        let csrf = try browser.csrfToken()
        let image = try ImageUploadTests.jpeg(width: 20, height: 20, shade: 99)
        let cookie = ["Cookie": "loupe_session=\(browser.cookies["loupe_session"]!)"]
        // Without the token: refused, nothing stored
        let refused = post(Self.multipart(files: [("x.jpg", image)]), headers: cookie)
        #expect(refused.status == 403 && refused.errorCode == "csrf_failed")
        // With the token after the file: still refused
        #expect(post(Self.multipart(files: [("x.jpg", image)], trailing: [("csrf_token", csrf)]), headers: cookie).status == 403)
        #expect(try app.context.database.imageCounts(projectID: Int64(projectID))[.new] == 0)
        // With it first, as the page's form sends it: accepted
        let accepted = post(Self.multipart(fields: [("csrf_token", csrf)], files: [("x.jpg", image)]), headers: cookie)
        #expect(accepted.status == 200 && results(accepted).first?["duplicate"] as? Bool == false)
        // A wrong token is refused even when it comes first
        let wrong = post(Self.multipart(fields: [("csrf_token", "nope")], files: [("y.jpg", image)]), headers: cookie)
        #expect(wrong.status == 403)
    }

    @Test func malformedOrEmptyBatches() throws {
        let auth = ["Authorization": "Bearer \(try app.token(for: "admin"))"]
        #expect(post(Self.multipart(files: []), headers: auth).errorCode == "no_files")
        let cut = Array(Self.multipart(files: [("a.jpg", [1, 2, 3])]).dropLast(10))
        #expect(post(cut, headers: auth).errorCode == "incomplete_upload")
    }
}

extension ImageBatchUploadTests {
    @Test func formPostedWithoutJavaScriptGetsAResultsPage() throws {
        var browser = try app.browser("admin")
        let csrf = try browser.csrfToken()
        let body = Self.multipart(fields: [("csrf_token", csrf)], files: [("ok.jpg", try ImageUploadTests.jpeg(width: 20, height: 20, shade: 3)),
                                                                        ("<b>bad</b>.jpg", Array("text".utf8))])
        let response = post(body, headers: ["Cookie": "loupe_session=\(browser.cookies["loupe_session"]!)", "Accept": "text/html"])
        #expect(response.status == 200 && response.header("Content-Type")?.hasPrefix("text/html") == true)
        #expect(response.text.contains("1 of 2 files added."))
        #expect(response.text.contains("&lt;b&gt;bad&lt;/b&gt;.jpg") && !response.text.contains("<b>bad</b>"))
        #expect(response.text.contains("href=\"/project.html?id=\(projectID)\""))
    }
}
