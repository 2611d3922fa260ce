// Where webhooks may go: public addresses only, unless an admin allows private ones.
import Foundation
import Testing
@testable import Outbound

@Suite struct AddressGuardTests {
    @Test(arguments: [
        ("127.0.0.1", "loopback"), ("127.8.9.10", "loopback"), ("::1", "loopback"), ("10.1.2.3", "private"),
        ("172.16.0.1", "private"), ("172.31.255.255", "private"), ("192.168.1.1", "private"), ("169.254.169.254", "link-local"),
        ("100.64.0.1", "shared (carrier-grade NAT)"), ("0.0.0.0", "unspecified"), ("::", "unspecified"), ("fd00::1", "private (unique local)"),
        ("fe80::1", "link-local"), ("::ffff:127.0.0.1", "loopback"), ("::ffff:10.0.0.1", "private"), ("224.0.0.1", "multicast or reserved"),
    ])
    func privateAddressesAreNamed(address: String, restriction: String) {
        #expect(AddressGuard.restriction(of: address) == restriction)
    }

    @Test(arguments: ["93.184.216.34", "172.32.0.1", "8.8.8.8", "2606:4700::1111", "100.128.0.1"])
    func publicAddressesPass(address: String) {
        #expect(AddressGuard.restriction(of: address) == nil)
    }

    @Test func urlsOtherThanHttpOrWithCredentialsAreRefused() throws {
        for bad in ["ftp://example.com/x", "file:///etc/passwd", "http://", "https://user:pw@example.com/", "not a url", "gopher://x"] {
            #expect(throws: OutboundError.self, "\(bad)") { try OutboundPost.check(bad) }
        }
        #expect(try OutboundPost.check("https://hooks.example.com/loupe?x=1").host == "hooks.example.com")
    }

    @Test func aLoopbackTargetIsRefusedUnlessAllowed() throws {
        let url = try OutboundPost.check("http://localhost:9/hook")
        #expect(throws: OutboundError.self) { try OutboundPost(url: url, body: [], headers: [], allowPrivate: false).vettedAddress() }
        #expect(AddressGuard.restriction(of: try OutboundPost(url: url, body: [], headers: [], allowPrivate: true).vettedAddress()) == "loopback")
    }
}
