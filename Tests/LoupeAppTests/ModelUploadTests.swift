// Registering models from outside through the router: files streamed to the store, checked by kind,
// external references without files, and nothing left behind by a refusal.
import Crypto
import Domain
import FileStore
import Foundation
import Store
import Testing
import Web
@testable import LoupeApp

@Suite struct ModelUploadTests {
    let registry: RegistryFixture
    var app: TestApp { registry.app }

    init() throws { registry = try RegistryFixture(versions: 1) }

    private func multipart(_ fields: [String: String], file: (name: String, bytes: [UInt8])?) -> (String, [UInt8]) {
        let boundary = "loupe-test-boundary"
        var body: [UInt8] = []
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        if let file {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file.name)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
            body += file.bytes + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return ("multipart/form-data; boundary=\(boundary)", body)
    }

    private func upload(_ fields: [String: String], file: (name: String, bytes: [UInt8])?, as user: String = "dat") throws -> Response {
        let (type, body) = multipart(fields, file: file)
        return app.responder.respond(to: Request(method: .POST, target: "/api/v1/models/versions",
                                                 headers: ["Authorization": "Bearer \(try app.token(for: user))", "Content-Type": type],
                                                 body: body, requestID: "up"))
    }

    private func storedModelFiles() throws -> Int {
        let root = app.context.files.url(of: "models")
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? []
        return files.filter { !$0.hasDirectoryPath }.count
    }

    @Test func anUploadedFileBecomesTheNextVersionWithItsChecksum() throws {
        let bytes = Array("onnx model bytes".utf8)
        let response = try upload(["name": "Birds <script>", "description": "from the lab", "source_reference": "hf://lab/birds"],
                                  file: ("birds.onnx", bytes))
        #expect(response.status == 201, "\(response.text)")
        #expect(response.json["version"] as? Int == 2 && response.json["source"] as? String == "uploaded")
        #expect(response.json["framework"] as? String == "onnx")
        #expect(response.json["artifact_sha256"] as? String == SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined())
    }

    @Test func anExternalReferenceNeedsNoFile() throws {
        let response = try upload(["name": "Hosted", "framework": "openai", "source_reference": "https://api.example.com/v1/classify"], file: nil)
        #expect(response.status == 201 && response.json["source"] as? String == "external" && response.json["artifact_sha256"] == nil)
        let missing = try upload(["name": "Hosted"], file: nil)
        #expect(missing.status == 422 && (missing.json["error"] as? [String: Any])?["field"] as? String == "source_reference")
    }

    @Test func refusalsLeaveNoFileBehind() throws {
        let before = try storedModelFiles()
        // Not a model file
        let exe = try upload(["name": "X"], file: ("virus.exe", Array("MZ".utf8)))
        #expect(exe.status == 422 && exe.errorCode == "unsupported_model_file")
        // A damaged Loupe model file
        let damaged = try upload(["name": "X"], file: ("broken.loupe", Array("LOUPEMDL garbage".utf8)))
        #expect(damaged.status == 422 && damaged.errorCode == "unusable_model")
        // A good file for a model without a name
        let nameless = try upload(["name": " "], file: ("m.pt", Array("torch".utf8)))
        #expect(nameless.status == 422)
        #expect(try storedModelFiles() == before)
        #expect(try upload(["name": "X"], file: ("m.pt", Array("torch".utf8)), as: "ann").status == 403)
    }

    @Test func thePageFormRegistersWithItsCSRFToken() throws {
        var browser = try app.browser("dat")
        let csrf = try browser.csrfToken()
        let cookie = browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        func post(_ fields: [String: String]) -> Response {
            let (type, body) = multipart(fields, file: ("m.safetensors", Array("weights".utf8)))
            return app.responder.respond(to: Request(method: .POST, target: "/admin/models/upload",
                                                     headers: ["Cookie": cookie, "Content-Type": type, "Accept": "text/html"],
                                                     body: body, requestID: "form"))
        }
        #expect(post(["name": "Form model"]).status == 403)
        let done = post(["csrf_token": csrf, "name": "Form model"])
        #expect(done.status == 303 && done.header("Location")?.contains("/admin/models/versions/") == true, "\(done.status) \(done.text.components(separatedBy: "<main>").last ?? "")")
        let refused = post(["csrf_token": csrf, "name": ""])
        #expect(refused.status == 422 && refused.text.contains("Register a model from outside") && refused.text.contains("1 to 100 characters"))
    }
}
