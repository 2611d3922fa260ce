// Who may reach what: roles, tokens, CSRF on cookie-authenticated writes, login redirects for pages.
import Domain
import Foundation
import Store
import Testing
import Web
@testable import LoupeApp

@Suite struct AccessTests {
    let app: TestApp
    init() throws {
        app = try TestApp()
        try app.addUser("ann", role: .annotator)
        try app.addUser("rey", role: .reviewer)
        try app.addUser("dat", role: .data)
    }

    @Test(arguments: ["ann", "rey", "dat"])
    func nonAdminsAreRefusedAdminRoutes(_ username: String) throws {
        let token = try app.token(for: username)
        let auth = ["Authorization": "Bearer \(token)"]
        #expect(app.send(.GET, "/api/v1/me", headers: auth).status == 200)
        #expect(app.send(.GET, "/api/v1/users", headers: auth).status == 403)
        #expect(app.send(.GET, "/api/v1/audit", headers: auth).status == 403)
        #expect(app.send(.GET, "/admin/users", headers: auth).status == 403)
        let create = app.send(.POST, "/api/v1/users", headers: auth.merging(["Content-Type": "application/json"]) { $1 },
                              body: #"{"username":"x","password":"password-x","role":"admin"}"#)
        #expect(create.status == 403)
        #expect(create.errorCode == "forbidden")
    }

    @Test func adminTokenReachesAdminRoutesWithoutCSRF() throws {
        let auth = ["Authorization": "Bearer \(try app.token(for: "admin"))", "Content-Type": "application/json"]
        let created = app.send(.POST, "/api/v1/users", headers: auth, body: #"{"username":"new","password":"password-new","role":"reviewer"}"#)
        #expect(created.status == 201)
        #expect(created.json["role"] as? String == "reviewer")
        #expect(created.json["password_hash"] == nil)
        #expect(app.send(.GET, "/api/v1/users", headers: auth).status == 200)
    }

    @Test func anonymousCallersAre401AndPagesRedirectToLogin() {
        #expect(app.send(.GET, "/api/v1/users").status == 401)
        #expect(app.send(.GET, "/api/v1/users").errorCode == "unauthenticated")
        let page = app.send(.GET, "/admin/users", headers: ["Accept": "text/html"])
        #expect(page.status == 303)
        #expect(page.header("Location") == "/login.html?next=%2Fadmin%2Fusers")
        #expect(app.send(.GET, "/api/v1/health").status == 200)
    }

    @Test func badOrRevokedTokensAre401() throws {
        #expect(app.send(.GET, "/api/v1/me", headers: ["Authorization": "Bearer lpt_nope"]).errorCode == "invalid_token")
        #expect(app.send(.GET, "/api/v1/me", headers: ["Authorization": "Basic abc"]).status == 401)
        let token = try app.token(for: "ann")
        let id = try app.context.database.apiTokens(userID: app.context.database.user(named: "ann")!.id)[0].id
        try app.context.database.revokeAPIToken(id: id, by: .commandLine)
        #expect(app.send(.GET, "/api/v1/me", headers: ["Authorization": "Bearer \(token)"]).status == 401)
    }

    @Test func cookieWritesNeedTheCSRFToken() throws {
        var browser = try app.browser("admin")
        let body = #"{"name":"script"}"#
        let refused = browser.send(.POST, "/api/v1/tokens", json: body, headers: ["Accept": "application/json"])
        #expect(refused.status == 403)
        #expect(refused.errorCode == "csrf_failed")
        let allowed = browser.send(.POST, "/api/v1/tokens", json: body,
                                   headers: ["Accept": "application/json", "X-CSRF-Token": try browser.csrfToken()])
        #expect(allowed.status == 201)
        #expect((allowed.json["secret"] as? String)?.hasPrefix("lpt_") == true)
    }

    @Test func usersManageOnlyTheirOwnTokens() throws {
        _ = try app.token(for: "ann")
        let annToken = try app.context.database.apiTokens(userID: app.context.database.user(named: "ann")!.id)[0]
        let rey = ["Authorization": "Bearer \(try app.token(for: "rey"))"]
        #expect(app.send(.DELETE, "/api/v1/tokens/\(annToken.id)", headers: rey).status == 404)
        let admin = ["Authorization": "Bearer \(try app.token(for: "admin"))"]
        #expect(app.send(.DELETE, "/api/v1/tokens/\(annToken.id)", headers: admin).status == 204)
    }

    @Test func passwordChangesNeedTheCurrentPasswordForYourself() throws {
        let ann = try app.context.database.user(named: "ann")!
        let auth = ["Authorization": "Bearer \(try app.token(for: "ann"))", "Content-Type": "application/json"]
        let wrong = app.send(.PUT, "/api/v1/users/\(ann.id)/password", headers: auth,
                             body: #"{"password":"brand-new-pass","current_password":"nope"}"#)
        #expect(wrong.status == 403)
        #expect(wrong.errorCode == "wrong_password")
        let right = app.send(.PUT, "/api/v1/users/\(ann.id)/password", headers: auth,
                             body: #"{"password":"brand-new-pass","current_password":"ann-password"}"#)
        #expect(right.status == 204)
        let other = app.send(.PUT, "/api/v1/users/1/password", headers: auth, body: #"{"password":"brand-new-pass"}"#)
        #expect(other.status == 403)
    }
}
