// Every move of a rollout's state machine, and every refusal.
import Domain
import Foundation
import Testing

@Suite struct RolloutMachineTests {
    let start = Date(timeIntervalSince1970: 1_000_000)
    let plan = RolloutPlan(mode: .canary, steps: [5, 25, 50, 100], dwellSeconds: 60)
    let holds = Guardrails.Verdict.holds(readings: [])
    let fails = Guardrails.Verdict.fails(reason: "guardrail failed: error rate 50 %", readings: [])
    let waiting = Guardrails.Verdict.waiting(requests: 3, needed: 30, readings: [])

    func at(_ state: RolloutState, step: Int = 0) -> RolloutProgress { RolloutProgress(state: state, step: step, stepStartedAt: start) }

    @Test func aRequestIsStartedOrRejected() throws {
        let (started, outcome) = try RolloutMachine.apply(.approve, to: at(.requested), plan: plan, now: start.addingTimeInterval(5))
        #expect(started == RolloutProgress(state: .running, step: 0, stepStartedAt: start.addingTimeInterval(5)) && outcome == .started)
        #expect(try RolloutMachine.apply(.reject, to: at(.requested), plan: plan).1 == .rejected)
    }

    @Test func holdingGuardrailsStepAfterTheDwellAndFinishAtTheEnd() throws {
        // Before the dwell: nothing moves
        #expect(try RolloutMachine.apply(.check(holds, now: start.addingTimeInterval(59)), to: at(.running), plan: plan).1 == .unchanged)
        // After it: the next share, and the dwell starts again
        let later = start.addingTimeInterval(61)
        let (stepped, outcome) = try RolloutMachine.apply(.check(holds, now: later), to: at(.running), plan: plan)
        #expect(stepped == RolloutProgress(state: .running, step: 1, stepStartedAt: later) && outcome == .stepped(toShare: 25))
        // At the last step, holding finishes (the plan ends at 100 %)
        let (done, finished) = try RolloutMachine.apply(.check(holds, now: later), to: at(.running, step: 3), plan: plan)
        #expect(done.state == .finished && finished == .finished(automatic: true))
    }

    @Test func aPlanBelowAHundredHoldsItsLastShareForAnAdmin() throws {
        let ab = RolloutPlan(mode: .ab, steps: [50], dwellSeconds: 1)
        #expect(try RolloutMachine.apply(.check(holds, now: start.addingTimeInterval(3600)), to: at(.running), plan: ab).1 == .unchanged)
        #expect(try RolloutMachine.apply(.finish, to: at(.running), plan: ab).1 == .finished(automatic: false))
    }

    @Test func aFailedGuardrailRollsBackAtOnceEvenWhilePaused() throws {
        for state in [RolloutState.running, .paused] {
            let (after, outcome) = try RolloutMachine.apply(.check(fails, now: start), to: at(state, step: 2), plan: plan)
            #expect(after.state == .rolledBack && outcome == .rolledBack(reason: "guardrail failed: error rate 50 %", automatic: true))
        }
    }

    @Test func waitingOrPausedRolloutsDoNotStep() throws {
        let late = start.addingTimeInterval(3600)
        #expect(try RolloutMachine.apply(.check(waiting, now: late), to: at(.running), plan: plan).1 == .unchanged)
        #expect(try RolloutMachine.apply(.check(holds, now: late), to: at(.paused), plan: plan).1 == .unchanged)
    }

    @Test func pauseResumeRollBackAndFinishByHand() throws {
        #expect(try RolloutMachine.apply(.pause, to: at(.running, step: 1), plan: plan).0 == at(.paused, step: 1))
        let resumed = start.addingTimeInterval(100)
        #expect(try RolloutMachine.apply(.resume, to: at(.paused, step: 1), plan: plan, now: resumed).0
                == RolloutProgress(state: .running, step: 1, stepStartedAt: resumed))
        #expect(try RolloutMachine.apply(.rollBack(reason: "by ana"), to: at(.paused), plan: plan).1 == .rolledBack(reason: "by ana", automatic: false))
        #expect(try RolloutMachine.apply(.finish, to: at(.paused), plan: plan).0.state == .finished)
    }

    @Test func everyOtherMoveIsRefusedAndEndedRolloutsIgnoreChecks() throws {
        let commands: [RolloutCommand] = [.approve, .reject, .pause, .resume, .rollBack(reason: "x"), .finish]
        let allowed: [RolloutState: Set<String>] = [
            .requested: ["approve", "reject"], .running: ["pause", "rollBack", "finish"], .paused: ["resume", "rollBack", "finish"],
            .rolledBack: [], .finished: [], .rejected: [],
        ]
        for state in RolloutState.allCases {
            for command in commands {
                let name = "\(command)".components(separatedBy: "(")[0]
                let refused = (try? RolloutMachine.apply(command, to: at(state), plan: plan)) == nil
                #expect(refused == !allowed[state]!.contains(name), "\(state) \(name)")
            }
        }
        for state in [RolloutState.requested, .rolledBack, .finished, .rejected] {
            #expect(try RolloutMachine.apply(.check(fails, now: start), to: at(state), plan: plan).1 == .unchanged)
        }
    }
}
