// Logging in and out through the form, as the static login page does.
import Foundation
import Store
import Testing
import Web
@testable import LoupeApp

@Suite struct SessionTests {
    let app: TestApp
    init() throws { app = try TestApp() }

    @Test func loginSetsAHardenedSessionCookieAndRedirects() throws {
        // Given the login page's token
        var browser = Browser(app: app)
        let csrf = browser.send(.GET, "/auth/csrf", headers: ["Accept": "application/json"])
        let token = try #require(csrf.json["csrf_token"] as? String)
        // When the form is posted with a next page
        let response = browser.send(.POST, "/auth/login", form: [
            "username": "admin", "password": "admin-password", "csrf_token": token, "next": "/admin/users"])
        // Then a 303 to that page with an HttpOnly, SameSite=Lax session cookie
        #expect(response.status == 303)
        #expect(response.header("Location") == "/admin/users")
        let cookie = try #require(response.headers.first { $0.value.hasPrefix("loupe_session=") }?.value)
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Max-Age="))
        // And the database holds only the hash of the cookie's secret
        let secret = try #require(browser.cookies["loupe_session"])
        #expect(try app.context.database.sessionUser(tokenHash: secret) == nil)
        #expect(browser.send(.GET, "/api/v1/me", headers: ["Accept": "application/json"]).status == 200)
    }

    @Test func wrongPasswordReturnsToTheFormWithoutASession() {
        var browser = Browser(app: app)
        let response = try? browser.logIn("admin", password: "not-the-password")
        #expect(response?.status == 303)
        #expect(response?.header("Location")?.hasPrefix("/login.html?error=invalid_credentials") == true)
        #expect(browser.cookies["loupe_session"] == nil)
    }

    @Test func loginWithoutTheFormTokenIsRefused() {
        var browser = Browser(app: app)
        let response = browser.send(.POST, "/auth/login", form: ["username": "admin", "password": "admin-password"])
        #expect(response.header("Location")?.contains("error=csrf_failed") == true)
        #expect(browser.cookies["loupe_session"] == nil)
    }

    @Test func repeatedFailuresAreThrottled() throws {
        var browser = Browser(app: app)
        for _ in 0..<5 { _ = try browser.logIn("admin", password: "guess-guess") }
        let response = try browser.logIn("admin", password: "admin-password")
        #expect(response.header("Location")?.contains("error=throttled") == true)
        #expect(Int(response.header("Retry-After") ?? "") ?? 0 > 0)
    }

    @Test func nextCannotLeaveTheSite() {
        #expect(SessionController.safeRedirectTarget("//evil.example/") == "/")
        #expect(SessionController.safeRedirectTarget("https://evil.example/") == "/")
        #expect(SessionController.safeRedirectTarget("/\\evil") == "/")
        #expect(SessionController.safeRedirectTarget("/admin/users?x=1") == "/admin/users?x=1")
    }

    @Test func logoutNeedsCSRFThenEndsTheSession() throws {
        var browser = try app.browser("admin")
        // Without the token: refused, session intact
        #expect(browser.send(.POST, "/auth/logout", form: [:]).status == 403)
        #expect(browser.send(.GET, "/api/v1/me").status == 200)
        // With it: logged out, cookie cleared, and the old cookie is dead server-side
        let secret = browser.cookies["loupe_session"]!
        let response = browser.send(.POST, "/auth/logout", form: ["csrf_token": try browser.csrfToken()])
        #expect(response.status == 303)
        #expect(browser.cookies["loupe_session"] == nil)
        browser.cookies["loupe_session"] = secret
        #expect(browser.send(.GET, "/api/v1/me", headers: ["Accept": "application/json"]).status == 401)
    }
}
