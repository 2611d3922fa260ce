// Telling from a lease's owner name whether its trainer process has exited.
import Foundation
import Testing
@testable import Training

@Suite struct TrainerIdentityTests {
    let me = TrainerIdentity(host: "box", pid: getpid())

    @Test func ownerNamesRoundTripAndOtherNamesAreNotJudged() {
        #expect(TrainerIdentity(owner: "box:42") == TrainerIdentity(host: "box", pid: 42))
        #expect(TrainerIdentity(owner: "a:b:42")?.host == "a:b")
        for other in ["t", "box:", "box:x", "box:-3", "box:0", ""] { #expect(TrainerIdentity(owner: other) == nil) }
        #expect(me.exited(among: ["t", "second"]).isEmpty)
    }

    @Test func anExitedProcessOnThisHostIsSeenAndOthersAreNot() throws {
        // Given a process that has run and been reaped
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        let exited = "box:\(process.processIdentifier)"
        // Then it counts as exited; a live process (pid 1), another host's trainer, and a lease under
        // this idle trainer's own name (left by an earlier process with its pid) are judged correctly
        #expect(me.exited(among: [exited, "box:1", "elsewhere:\(process.processIdentifier)"]) == [exited])
        #expect(me.exited(among: [me.owner]) == [me.owner])
    }
}
