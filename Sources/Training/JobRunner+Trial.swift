// One trial of a search, on whichever trainer claimed it: trains the search's config with the trial's
// values, writes each epoch into the search's curves, stops early when the median rule says the trial
// is worse than the finished ones, and records how it ended (with its model file when it finished).
import Domain
import FileStore
import Foundation
import Store
import Tensor

/// The median rule stopped the trial after `epoch`.
struct TrialStopped: Error {
    let epoch: Int
    let median: String
}

extension JobRunner {
    func runTrial(_ spec: TrialSpec, _ context: JobContext) throws -> String {
        let config = spec.config
        let label = "trial \(spec.trial + 1), "
        var losses: [Double] = [], bestScore = 0.0
        let record = { (epoch: EpochReport, samples: Int) in
            try context.persist { try database.recordTrialEpoch(trialLease: context.lease,
                                                                searchJobID: spec.searchJob, JobMetric(epoch, trial: spec.trial)) }
            reportSpeed(epoch, samples: samples)
            losses.append(epoch.validationLoss)
            bestScore = max(bestScore, epoch.validationAccuracy)
            guard spec.prune else { return }
            let finished = try database.finishedTrialLosses(searchJobID: spec.searchJob).map(MedianRule.bestSoFar)
            if MedianRule.shouldStop(curve: MedianRule.bestSoFar(losses), finished: finished) {
                let median = MedianRule.median(finished.filter { $0.count >= losses.count }.map { $0[losses.count - 1] }) ?? .nan
                throw TrialStopped(epoch: epoch.epoch, median: String(format: "%.4f", median))
            }
        }
        func recordTrial(_ outcome: JobTrial.Outcome, loss: Double, score: Double, epochs: Int, artifact: String? = nil, message: String = "") throws {
            try context.persist { try database.recordTrial(jobID: spec.searchJob, JobTrial(
                trial: spec.trial, parameters: spec.parameters, validationLoss: loss, validationAccuracy: score, epochs: epochs,
                outcome: outcome, artifactPath: artifact, message: message)) }
        }
        do {
            let file: ModelFile, loss: Double, score: Double, epochs: Int
            if config.architecture == .detector {
                let (_, data) = try loadDetectionData(config, context)
                let trained = try DetectorTrainer(plan: TrainingPlan(config)).train(
                    data, report: { try record($0, data.train.count) }, checkpoint: { try trainingProgress($0, config, context, label: label) })
                (file, loss, score, epochs) = (ModelFile(network: trained.network, labels: data.classNames, normalization: trained.normalization),
                                               trained.validationLoss, trained.ap50, trained.epochsRun)
            } else {
                let (_, data) = try loadClassifierData(config, context)
                let trained = try ClassifierTrainer(plan: TrainingPlan(config)).train(
                    data, report: { try record($0, data.train.count) }, checkpoint: { try trainingProgress($0, config, context, label: label) })
                (file, loss, score, epochs) = (ModelFile(network: trained.network, labels: data.classNames, normalization: trained.normalization),
                                               trained.validationLoss, trained.validationAccuracy, trained.epochsRun)
            }
            let stored = try context.persist { try files.store(file.encoded(), in: "models", extension: "loupe") }
            try recordTrial(.done, loss: loss, score: score, epochs: epochs, artifact: stored.relativePath)
            return String(format: "trial %d of search #%lld: validation loss %.4f after %d epochs", spec.trial + 1, spec.searchJob, loss, epochs)
                + " (trainer \(context.owner))"
        } catch let stopped as TrialStopped {
            let message = "stopped after epoch \(stopped.epoch): validation loss above the median \(stopped.median) of the finished trials"
            try recordTrial(.pruned, loss: losses.min() ?? 0, score: bestScore, epochs: stopped.epoch, message: message)
            return "trial \(spec.trial + 1) of search #\(spec.searchJob) \(message)"
        } catch let error as TrainingError where [.cancelled, .interrupted, .leaseLost].contains(error) {
            throw error
        } catch {
            let reason = (error as? TrainingError)?.description ?? String(describing: error)
            try? recordTrial(.failed, loss: 0, score: 0, epochs: losses.count, message: reason)
            throw error
        }
    }
}
