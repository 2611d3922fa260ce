// A search job: proposes trials (grid, random or TPE over the learning rate, batch size, width,
// epochs, backbone and input size), queues up to `parallel` of them as trial jobs that any free trainer
// may run, runs waiting ones itself, and when the budget is spent registers the best finished trial's
// model (lowest validation loss) with the evaluation a trained model gets.
import Domain
import FileStore
import Foundation
import Store
import Tensor

extension JobRunner {
    /// How long the search waits between looks at trials other trainers are running.
    static let searchPollSeconds = 0.25

    func search(_ config: TrainingConfig, _ context: JobContext) throws -> (TrainedVersion, String) {
        let job = context.job
        let space = config.search ?? .init()
        // A retried search starts over: what an earlier attempt queued is taken back.
        try context.persist { try database.cancelTrialJobs(searchJobID: job.id, message: "replaced by attempt \(job.attempts) of search #\(job.id)") }
        do {
            try runTrials(config, space: space, context)
        } catch {
            try? database.cancelTrialJobs(searchJobID: job.id, message: "search #\(job.id) stopped: \(error)")
            throw error
        }
        let registered = try registerBestTrial(space: space, context)
        removeUnusedTrialFiles(keeping: registered.0.artifactPath, context)
        return registered
    }

    /// The finished trials' model files other than the one registered: nothing refers to them.
    private func removeUnusedTrialFiles(keeping kept: String, _ context: JobContext) {
        for trial in (try? database.jobTrials(jobID: context.job.id)) ?? [] {
            guard let path = trial.artifactPath, path != kept else { continue }
            try? files.remove(path)
        }
    }

    private func runTrials(_ base: TrainingConfig, space: TrainingConfig.SearchSpace, _ context: JobContext) throws {
        let job = context.job
        let planner = SearchPlanner(space: space, seed: base.seed)
        var budget = min(space.trials, planner.combinations), launched = 0, refused: [(position: [Int], reason: String)] = []
        while true {
            let mine = try database.trialJobs(searchJobID: job.id).filter { $0.trialSpec?.attempt == job.attempts }
            let outstanding = mine.filter { $0.state == .queued || $0.state == .running }
            let results = try database.jobTrials(jobID: job.id)
            try context.checkpoint(0.97 * Double(results.count) / Double(max(budget, 1)),
                                   "\(results.count) of \(budget) trials finished, \(outstanding.count) under way")
            if launched < budget, outstanding.count < space.parallel {
                let positions = Dictionary(mine.compactMap { j in j.trialSpec.map { ($0.trial, $0.position) } }, uniquingKeysWith: { a, _ in a })
                let finished = results.filter { $0.outcome != .failed }.compactMap { r in positions[r.trial].map { ($0, r.validationLoss) } }
                let taken = Set(mine.compactMap { $0.trialSpec?.position } + refused.map(\.position))
                guard let choice = planner.propose(launched, finished: finished, taken: taken) else {
                    budget = launched  // every combination has been tried
                    continue
                }
                do {
                    let trialConfig = try choice.applied(to: base)
                    try context.persist { _ = try database.enqueueJob(
                        projectID: job.projectId,
                        spec: .trial(TrialSpec(searchJob: job.id, attempt: job.attempts, trial: launched, position: choice.position,
                                               parameters: choice.parametersJSON, prune: space.prune, config: trialConfig)),
                        priority: job.priority + 1, by: Attribution(userID: job.createdBy, username: "trainer", remoteAddress: "local")) }
                } catch let error as TrainingConfigError {
                    // A combination that cannot be built (a backbone too deep for its input) is a failed trial.
                    refused.append((choice.position, "\(error.field) \(error.message)"))
                    try context.persist { try database.recordTrial(jobID: job.id, JobTrial(
                        trial: launched, parameters: choice.parametersJSON, validationLoss: 0, validationAccuracy: 0, epochs: 0,
                        outcome: .failed, message: "\(error.field) \(error.message)")) }
                }
                launched += 1
                continue
            }
            if outstanding.isEmpty, launched >= budget { return }
            // Run a waiting trial here; otherwise other trainers have them all: wait for them.
            if let waiting = outstanding.first(where: { $0.state == .queued }),
               let claimed = try database.claimJob(id: waiting.id, owner: context.owner, leaseSeconds: context.leaseSeconds) {
                run(context.child(claimed))
            } else {
                Thread.sleep(forTimeInterval: Self.searchPollSeconds)
            }
        }
    }

    /// The finished trial with the lowest validation loss, loaded from its file, evaluated on its own
    /// config's validation data and registered.
    private func registerBestTrial(space: TrainingConfig.SearchSpace, _ context: JobContext) throws -> (TrainedVersion, String) {
        let job = context.job
        let results = try database.jobTrials(jobID: job.id)
        guard let best = results.filter({ $0.outcome == .done && $0.artifactPath != nil }).min(by: { $0.validationLoss < $1.validationLoss }),
              let spec = try database.trialJobs(searchJobID: job.id).compactMap(\.trialSpec)
                .first(where: { $0.attempt == job.attempts && $0.trial == best.trial }) else {
            let reasons = Set(results.filter { $0.outcome == .failed }.map(\.message)).sorted()
            throw TrainingError.unusableDataset("No trial of the search finished" + (reasons.isEmpty ? "." : ": \(reasons.joined(separator: "; "))"))
        }
        try context.checkpoint(0.98, "evaluating the best trial (trial \(best.trial + 1))", force: true)
        let config = spec.config
        let file: ModelFile
        do {
            file = try ModelFile(decoding: try files.read(best.artifactPath!))
        } catch {
            throw TrainingError.unusableDataset("trial \(best.trial + 1)'s model file cannot be used: \(error)")
        }
        let network = try file.makeNetwork()
        let pruned = results.filter { $0.outcome == .pruned }.count, failed = results.filter { $0.outcome == .failed }.count
        let note = ", best of \(results.count) trials (trial \(best.trial + 1), \(space.strategy.rawValue) search"
            + (pruned > 0 ? ", \(pruned) stopped early" : "") + (failed > 0 ? ", \(failed) failed" : "") + ")"
        if config.architecture == .detector {
            let (set, data) = try loadDetectionData(config, context)
            let evaluated = DetectorTrainer(plan: TrainingPlan(config)).evaluate(
                network, data.validation, normalization: file.header.normalization, side: data.side, classes: data.classNames.count)
            let trained = TrainedDetector(network: network, normalization: file.header.normalization, bestEpoch: best.epochs, epochsRun: best.epochs,
                                          validationLoss: evaluated.loss, ap: Double(evaluated.ap.ap), ap50: Double(evaluated.ap.ap50),
                                          ap75: Double(evaluated.ap.ap75), perClassAP50: evaluated.ap.perClassAP50.map { $0.map(Double.init) })
            return try registerDetector(trained, data: data, set: set, config: config, context: context, note: note)
        }
        let (set, data) = try loadClassifierData(config, context)
        let model = TrainedClassifier(network: network, normalization: file.header.normalization, bestEpoch: best.epochs,
                                      epochsRun: best.epochs, validationLoss: best.validationLoss, validationAccuracy: best.validationAccuracy)
        return try register(model, data: data, set: set, config: config, context: context, note: note)
    }
}

extension Job {
    /// A trial job's spec; nil for other kinds.
    var trialSpec: TrialSpec? {
        if case .trial(let spec) = spec { return spec }
        return nil
    }
}
