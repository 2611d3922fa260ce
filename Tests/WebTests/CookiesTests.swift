// Cookie header parsing and Set-Cookie formatting.
import Testing
@testable import Web

@Suite struct CookiesTests {
    @Test func parsesPairsTrimmingAndUnquoting() {
        let cookies = Cookies.parse(" a=1; b = \"two\" ;broken; a=shadowed; c=x=y")
        #expect(cookies == ["a": "1", "b": "two", "c": "x=y"])
    }

    @Test func setCookieIsHttpOnlyAndSameSiteLax() {
        let value = Cookies.setCookie(name: "s", value: "v", maxAge: 60)
        #expect(value == "s=v; Path=/; SameSite=Lax; Max-Age=60; HttpOnly")
        #expect(Cookies.setCookie(name: "s", value: "", maxAge: 0, secure: true).hasSuffix("Max-Age=0; HttpOnly; Secure"))
    }
}
