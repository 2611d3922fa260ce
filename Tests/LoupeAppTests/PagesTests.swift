// Server-rendered admin and account pages: forms carry CSRF, errors re-render, values are escaped.
import Domain
import Foundation
import Store
import Testing
import Web
@testable import LoupeApp

@Suite struct PagesTests {
    let app: TestApp
    init() throws { app = try TestApp() }

    @Test func everyFormCarriesTheSessionCSRFToken() throws {
        var browser = try app.browser("admin")
        let token = try browser.csrfToken()
        for path in ["/admin/users", "/auth/account"] {
            let page = browser.send(.GET, path).text
            let forms = page.components(separatedBy: "<form").count - 1
            let tokens = page.components(separatedBy: "name=\"csrf_token\" value=\"\(token)\"").count - 1
            #expect(forms > 1 && forms == tokens, "\(path): \(forms) forms, \(tokens) tokens")
        }
    }

    @Test func addingAUserWithoutCSRFIs403() throws {
        var browser = try app.browser("admin")
        let response = browser.send(.POST, "/admin/users", form: ["username": "x", "password": "password-x", "role": "data"])
        #expect(response.status == 403)
        #expect(try app.context.database.user(named: "x") == nil)
    }

    @Test func aDuplicateUserReRendersTheFormWithTheMessage() throws {
        var browser = try app.browser("admin")
        let response = browser.send(.POST, "/admin/users", form: [
            "username": "ADMIN", "password": "password-x", "role": "data", "csrf_token": try browser.csrfToken()])
        #expect(response.status == 409)
        #expect(response.text.contains("role=\"alert\">Username &#39;ADMIN&#39; is already taken."))
        #expect(response.text.contains("value=\"ADMIN\""))  // the draft is kept
    }

    @Test func addingAndDisablingAUserRedirectsWithANotice() throws {
        var browser = try app.browser("admin")
        let csrf = try browser.csrfToken()
        let added = browser.send(.POST, "/admin/users", form: ["username": "ann", "password": "password-ann", "role": "annotator", "csrf_token": csrf])
        #expect(added.status == 303)
        let ann = try #require(try app.context.database.user(named: "ann"))
        let disabled = browser.send(.POST, "/admin/users/\(ann.id)", form: ["disabled": "1", "csrf_token": csrf])
        #expect(disabled.status == 303)
        #expect(try app.context.database.user(id: ann.id)?.disabled == true)
        let lastAdmin = browser.send(.POST, "/admin/users/1", form: ["role": "data", "csrf_token": csrf])
        #expect(lastAdmin.status == 409)
        #expect(lastAdmin.text.contains("without an enabled admin"))
    }

    @Test func hostileTextIsEscapedOnEveryPage() throws {
        // Given an audit row and a token name carrying markup
        var browser = try app.browser("admin")
        let csrf = try browser.csrfToken()
        let payload = "<img src=x onerror=alert(1)>"
        let created = browser.send(.POST, "/auth/account/tokens", form: ["name": payload, "csrf_token": csrf])
        #expect(created.status == 200)
        #expect(created.text.contains("lpt_"))  // the secret is shown once
        let escaped = "&lt;img src=x onerror=alert(1)&gt;"
        let account = browser.send(.GET, "/auth/account").text
        let audit = browser.send(.GET, "/admin/audit").text
        for (path, page) in [("/auth/account", account), ("/admin/audit", audit)] {
            #expect(!page.contains(payload), "\(path) shows raw markup")
        }
        // Then the value sits escaped in its own table cell
        #expect(account.contains("<tr><td>\(escaped)</td><td><code>lpt_"))
        #expect(audit.contains("<td>token 1 &#39;\(escaped)&#39;</td>"))
    }

    @Test func changingYourPasswordEndsTheSession() throws {
        try app.addUser("ann", role: .annotator)
        var browser = try app.browser("ann")
        let csrf = try browser.csrfToken()
        let mismatch = browser.send(.POST, "/auth/account/password", form: [
            "current_password": "ann-password", "password": "new-password-1", "password_again": "new-password-2", "csrf_token": csrf])
        #expect(mismatch.status == 422)
        let changed = browser.send(.POST, "/auth/account/password", form: [
            "current_password": "ann-password", "password": "new-password-1", "password_again": "new-password-1", "csrf_token": csrf])
        #expect(changed.header("Location") == "/login.html?password_changed=1")
        #expect(browser.send(.GET, "/api/v1/me", headers: ["Accept": "application/json"]).status == 401)
        #expect((try? app.browser("ann", password: "new-password-1")) != nil)
    }
}
