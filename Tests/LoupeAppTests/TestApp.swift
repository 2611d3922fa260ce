// An app over a fresh real SQLite file, driven in-process through its router like a browser or script.
import Auth
import Domain
import Foundation
import Store
import Web
@testable import LoupeApp

struct TestApp {
    let context: AppContext
    let responder: Responder

    init() throws {
        let database = try AppDatabase.openTemporary()
        try self.init(database: database, dataDirectory: database.temporaryDirectory!)
        _ = try context.accounts.createUser(username: "admin", password: "admin-password", role: .admin, by: .commandLine)
    }

    /// An app over an existing database and data directory (a copy of another test's world).
    init(database: AppDatabase, dataDirectory: URL) throws {
        context = AppContext(database: database, dataDirectory: dataDirectory,
                             accounts: Accounts(database: database, hasher: PasswordHasher(logN: 10)))
        responder = Responder(router: context.makeRouter()) { _, error in print("unexpected: \(error)") }
    }

    @discardableResult
    func addUser(_ name: String, role: Role) throws -> User {
        try context.accounts.createUser(username: name, password: "\(name)-password", role: role, by: .commandLine)
    }

    func send(_ method: HTTPMethod, _ target: String, headers: [String: String] = [:], body: String = "",
              remoteAddress: String = "127.0.0.1") -> Response {
        responder.respond(to: Request(method: method, target: target, headers: headers, remoteAddress: remoteAddress,
                                      body: Array(body.utf8), requestID: "test"))
    }

    /// A JSON request from a script holding `user`'s API token.
    func send(_ method: HTTPMethod, _ target: String, as user: String, _ body: String = "") throws -> Response {
        send(method, target, headers: ["Authorization": "Bearer \(try token(for: user))", "Content-Type": "application/json"], body: body)
    }

    /// Raw bytes as the body (a zip, an XML file) from a script holding `user`'s API token.
    func send(_ method: HTTPMethod, _ target: String, as user: String, bytes: [UInt8]) throws -> Response {
        responder.respond(to: Request(method: method, target: target, headers: ["Authorization": "Bearer \(try token(for: user))"],
                                      body: bytes, requestID: "test"))
    }

    /// A browser that logs in through the form, keeping its cookies.
    func browser(_ username: String, password: String? = nil) throws -> Browser {
        var browser = Browser(app: self)
        let response = try browser.logIn(username, password: password ?? "\(username)-password")
        guard response.status == 303, browser.cookies["loupe_session"] != nil else {
            throw HTTPError.badRequest("login failed: \(response.header("Location") ?? "")")
        }
        return browser
    }

    /// Uploads a generated JPEG into a project as `user` (a script with an API token); the image's id.
    func uploadImage(to projectID: Int, as user: String, fileName: String = "a.jpg",
                     width: Int = 200, height: Int = 100, shade: UInt8 = 50) throws -> Int {
        let upload = responder.respond(to: Request(
            method: .POST, target: "/api/v1/projects/\(projectID)/images?file_name=\(fileName)",
            headers: ["Authorization": "Bearer \(try token(for: user))"],
            body: try ImageUploadTests.jpeg(width: width, height: height, shade: shade), requestID: "upload"))
        guard let id = (upload.json["image"] as? [String: Any])?["id"] as? Int else {
            throw HTTPError.badRequest("upload failed: \(upload.status) \(upload.text)")
        }
        return id
    }

    func token(for username: String) throws -> String {
        let user = try context.database.user(named: username)!
        return try context.accounts.createToken(userID: user.id, name: "test", by: .commandLine).secret
    }
}

struct Browser {
    let app: TestApp
    var cookies: [String: String] = [:]

    init(app: TestApp) { self.app = app }

    mutating func send(_ method: HTTPMethod, _ target: String, form: [String: String]? = nil,
                       json: String? = nil, headers: [String: String] = [:]) -> Response {
        var headers = headers
        headers["Accept"] = headers["Accept"] ?? "text/html"
        headers["Cookie"] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        var body = ""
        if let form {
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = form.map { "\(FormFields.encodeComponent($0.key))=\(FormFields.encodeComponent($0.value))" }.joined(separator: "&")
        } else if let json {
            headers["Content-Type"] = "application/json"
            body = json
        }
        let response = app.send(method, target, headers: headers, body: body)
        for header in response.headers where header.name == "Set-Cookie" {
            let pair = header.value.split(separator: ";")[0].split(separator: "=", maxSplits: 1).map(String.init)
            if header.value.contains("Max-Age=0") { cookies[pair[0]] = nil } else { cookies[pair[0]] = pair.count > 1 ? pair[1] : "" }
        }
        return response
    }

    mutating func logIn(_ username: String, password: String) throws -> Response {
        let csrf = send(.GET, "/auth/csrf", headers: ["Accept": "application/json"])
        let token = try JSONDecoder().decode([String: String].self, from: Data(csrf.body))["csrf_token"]!
        return send(.POST, "/auth/login", form: ["username": username, "password": password, "csrf_token": token])
    }

    /// The CSRF token this session's forms carry, as `/api/v1/me` reports it.
    mutating func csrfToken() throws -> String {
        let me = send(.GET, "/api/v1/me", headers: ["Accept": "application/json"])
        let object = try JSONSerialization.jsonObject(with: Data(me.body)) as! [String: Any]
        return object["csrf_token"] as! String
    }
}

extension Response {
    var text: String { String(decoding: body, as: UTF8.self) }

    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:] }

    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
    var errorField: String? { (json["error"] as? [String: Any])?["field"] as? String }
}
