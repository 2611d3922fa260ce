// Telling from a lease's owner name whether its trainer process has exited.
import Foundation
import Testing
@testable import Training

@Suite struct TrainerIdentityTests {
    let me = TrainerIdentity(host: "box", pid: getpid(), namespace: "7")

    @Test func ownerNamesRoundTripAndOtherNamesAreNotJudged() {
        #expect(TrainerIdentity(owner: "box:42@7") == TrainerIdentity(host: "box", pid: 42, namespace: "7"))
        #expect(TrainerIdentity(owner: "a:b:42@7")?.host == "a:b")
        for other in ["t", "box:42", "box:@7", "box:x@7", "box:-3@7", "box:0@7", "box:42@", ""] {
            #expect(TrainerIdentity(owner: other) == nil)
        }
        #expect(me.exited(among: ["t", "second"]).isEmpty)
        #expect(!TrainerIdentity.currentNamespace().isEmpty)
    }

    @Test func anExitedProcessHereIsSeenAndOthersAreNot() throws {
        // Given a process that has run and been reaped
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        let exited = "box:\(process.processIdentifier)@7"
        // Then it counts as exited. Not judged exited: a live process (pid 1), another host's trainer,
        // and one in another pid namespace (a container sharing the host name). A lease under this
        // idle trainer's own name was left by an earlier process with its pid, so it is exited.
        #expect(me.exited(among: [exited, "box:1@7", "elsewhere:\(process.processIdentifier)@7",
                                  "box:\(process.processIdentifier)@8"]) == [exited])
        #expect(me.exited(among: [me.owner]) == [me.owner])
        // And a trainer that does not know its namespace judges no one
        #expect(TrainerIdentity(host: "box", pid: getpid(), namespace: "").exited(among: [exited]).isEmpty)
    }
}
