// An admin's move on a rollout, as the API's path and the page's buttons name it, carried out the same
// way from both: a finish reads the candidate's artifact first, since it enters Production.
import Domain
import Store
import Web

enum RolloutAction: String, CaseIterable {
    case start, reject, pause, resume, rollback, finish

    /// Applies the move for `context`'s caller; `reason` (optional) is kept with a rollback.
    func perform(on rollout: Rollout, reason: String, _ context: UserContext, store: any ServingStore,
                 artifacts: ArtifactReader) throws -> Rollout {
        let command: RolloutCommand = switch self {
        case .start: .approve
        case .reject: .reject
        case .pause: .pause
        case .resume: .resume
        case .finish: .finish
        case .rollback: .rollBack(reason: "rolled back by \(context.principal.user.username)" + (reason.isEmpty ? "" : ": \(reason)"))
        }
        let artifact = self == .finish ? try artifacts.reading(versionID: rollout.candidateVersionId, movingTo: .production) : nil
        return try store.commandRollout(id: rollout.id, command, by: context.attribution, artifact: artifact)
    }
}
