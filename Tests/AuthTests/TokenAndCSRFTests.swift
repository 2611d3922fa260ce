// Secret tokens, their stored hash, CSRF derivation and the login throttle rule.
import Foundation
import Testing
@testable import Auth

@Suite struct TokenAndCSRFTests {
    @Test func tokensAreRandomPrefixedAndHashed() {
        let a = SecretToken.generate(prefix: "lpt_"), b = SecretToken.generate(prefix: "lpt_")
        #expect(a != b)
        #expect(a.hasPrefix("lpt_") && a.count == 4 + 43)
        #expect(!a.contains("+") && !a.contains("/") && !a.contains("="))
        #expect(SecretToken.hash(a).count == 64)
        #expect(SecretToken.hash(a) == SecretToken.hash(a))
        #expect(SecretToken.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func csrfIsBoundToTheSession() {
        let token = CSRF.token(forSession: "session-one")
        #expect(CSRF.isValid(token, forSession: "session-one"))
        #expect(!CSRF.isValid(token, forSession: "session-two"))
        #expect(!CSRF.isValid(nil, forSession: "session-one"))
        #expect(!CSRF.isValid("", forSession: "session-one"))
    }

    @Test func loginCSRFNeedsFieldEqualToCookie() {
        let value = SecretToken.generate(prefix: "")
        #expect(CSRF.isValid(value, cookie: value))
        #expect(!CSRF.isValid(value, cookie: nil))
        #expect(!CSRF.isValid(value, cookie: value + "x"))
        #expect(!CSRF.isValid("short", cookie: "short"))
    }

    @Test func throttleCountsFailuresInTheWindow() {
        let throttle = LoginThrottle()
        let now = Date()
        let four = (1...4).map { now.addingTimeInterval(Double(-$0 * 10)) }.reversed().map { $0 }
        #expect(throttle.retryAfter(accountFailures: four, addressFailures: four, now: now) == nil)
        let five = [now.addingTimeInterval(-100)] + four
        // The oldest of the five failures leaves the 15-minute window 800 s from now.
        #expect(throttle.retryAfter(accountFailures: five, addressFailures: five, now: now) == 800)
        let twenty = (1...20).map { now.addingTimeInterval(Double(-$0)) }.reversed().map { $0 }
        #expect(throttle.retryAfter(accountFailures: [], addressFailures: twenty, now: now) == 880)
    }
}
