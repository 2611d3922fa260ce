// Runs one claimed job to its end: dataset → training (or a search's trials) → evaluation → model
// file → registered version. Every outcome is written to the job; nothing escapes to the loop.
import Domain
import FileStore
import Foundation
import Logging
import Monitoring
import Store
import Tensor

public struct JobRunner {
    let database: any JobQueue
    let files: ContentStore
    let logger: Logger
    let metrics: MetricsReporter

    public init(database: any JobQueue, dataDirectory: URL, logger: Logger, metrics: MetricsReporter = .disabled) {
        self.database = database
        self.files = ContentStore(dataDirectory: dataDirectory)
        self.logger = logger
        self.metrics = metrics
    }

    public func run(_ context: JobContext) {
        let job = context.job
        func finished(_ state: JobState) { metrics.report(.jobFinished(kind: job.kind.rawValue, state: state.rawValue)) }
        do {
            try context.persist { try database.clearJobResults(jobID: job.id) }
            let training: TrainingConfig
            /// Jobs that register no version end with their summary.
            func succeed(_ summary: String) throws {
                try context.persist { try database.finishJob(jobID: job.id, owner: context.owner, state: .succeeded, message: summary) }
                finished(.succeeded)
                logger.info("job \(job.id) succeeded: \(summary)")
            }
            switch job.spec {
            case .score(let config):
                return try succeed(try ScoringRun(database: database, files: files).run(config, context))
            case .predict(let config):
                return try succeed(try PredictionRun(database: database, files: files).run(config, context))
            case .train(let config), .search(let config):
                training = config
            }
            let (version, summary) = try train(training, context)
            guard let registered = try context.persist({
                try database.completeTrainingJob(jobID: job.id, owner: context.owner, version: version, message: summary)
            }) else {
                logger.warning("job \(job.id): lease lost before registering; its result was discarded")
                return
            }
            finished(.succeeded)
            logger.info("job \(job.id) succeeded: \(registered.modelName) v\(registered.version)")
            queueScoring(after: job, version: registered)
        } catch TrainingError.leaseLost {
            logger.warning("job \(job.id): lease lost; another trainer recovered it")
        } catch TrainingError.interrupted {
            try? database.releaseJob(jobID: job.id, owner: context.owner)
            logger.info("job \(job.id) handed back to the queue (shutting down)")
        } catch TrainingError.cancelled {
            _ = try? database.finishJob(jobID: job.id, owner: context.owner, state: .cancelled,
                                    message: "cancelled while \(context.message)")
            finished(.cancelled)
            logger.info("job \(job.id) cancelled")
        } catch {
            let reason = (error as? TrainingError)?.description ?? String(describing: error)
            _ = try? database.finishJob(jobID: job.id, owner: context.owner, state: .failed, message: reason)
            finished(.failed)
            logger.error("job \(job.id) failed: \(reason)")
        }
    }

    /// A new version re-ranks the project's labelling queue at once.
    private func queueScoring(after job: Job, version: ModelVersion) {
        do {
            let scoring = try database.enqueueJob(projectID: job.projectId, spec: .score(ScoringConfig(modelVersion: version.id)), priority: 1,
                                                  by: Attribution(userID: job.createdBy, username: "trainer", remoteAddress: "local"))
            logger.info("job \(scoring.id) queued: scoring with \(version.modelName) v\(version.version)")
        } catch {
            logger.error("could not queue scoring after job \(job.id): \(error)")
        }
    }

    /// Share of progress spent reading samples before training starts.
    private static let loadingShare = 0.15

    private func train(_ config: TrainingConfig, _ context: JobContext) throws -> (TrainedVersion, String) {
        if config.architecture == .detector { return try trainDetector(config, context) }
        let job = context.job
        try context.checkpoint(0, "reading labels", force: true)
        let set = try database.trainingSet(projectID: job.projectId, snapshotReference: config.snapshot, source: config.source)
        let loader = SampleLoader(dataDirectory: files.dataDirectory, side: config.inputSize)
        let total = Double(set.samples.count)
        let data = try Dataset(set: set, side: config.inputSize, validationFraction: config.validationFraction) { n, sample in
            try context.checkpoint(Self.loadingShare * Double(n) / total, "preparing sample \(n + 1) of \(set.samples.count)")
            return try loader.pixels(for: sample)
        }
        let base = TrainingPlan(config)
        let plans: [(trial: SearchTrial?, plan: TrainingPlan)] = job.kind == .search
            ? SearchPlanner.trials(config.search ?? .init(), seed: config.seed).map { ($0, $0.applied(to: base)) }
            : [(nil, base)]
        var best: (model: TrainedClassifier, trial: SearchTrial?)?
        for (index, entry) in plans.enumerated() {
            let label = entry.trial.map { "trial \($0.index + 1) of \(plans.count), " } ?? ""
            let share = (1 - Self.loadingShare) / Double(plans.count)
            let model = try ClassifierTrainer(plan: entry.plan).train(data, report: { epoch in
                try context.persist { try database.recordEpoch(jobID: job.id, owner: context.owner, JobMetric(
                    trial: index, epoch: epoch.epoch, trainLoss: epoch.trainLoss, trainAccuracy: epoch.trainAccuracy,
                    validationLoss: epoch.validationLoss, validationAccuracy: epoch.validationAccuracy,
                    learningRate: epoch.learningRate, samplesPerSecond: epoch.samplesPerSecond)) }
                let samples = data.train.count
                metrics.report(.epoch(samples: samples, seconds: epoch.samplesPerSecond > 0 ? Double(samples) / epoch.samplesPerSecond : 0))
            }, checkpoint: { fraction in
                let epoch = Int(fraction * Double(entry.plan.epochs)) + 1
                try context.checkpoint(Self.loadingShare + share * (Double(index) + fraction),
                                       "\(label)epoch \(epoch) of \(entry.plan.epochs)")
            })
            if let trial = entry.trial {
                try context.persist { try database.recordTrial(jobID: job.id, JobTrial(
                    trial: index, parameters: trial.parametersJSON, validationLoss: model.validationLoss,
                    validationAccuracy: model.validationAccuracy, epochs: model.epochsRun)) }
            }
            if best == nil || model.validationLoss < best!.model.validationLoss { best = (model, entry.trial) }
        }
        try context.checkpoint(0.99, "evaluating and saving the model", force: true)
        return try register(best!.model, trial: best!.trial, data: data, set: set, config: config, context: context)
    }

    private func register(_ model: TrainedClassifier, trial: SearchTrial?, data: Dataset, set: TrainingSet,
                          config: TrainingConfig, context: JobContext) throws -> (TrainedVersion, String) {
        let job = context.job
        let shape = [data.side, data.side, 3]
        let predicted = ClassifierTrainer.score(model.network, data.validation, normalization: model.normalization, shape: shape).predicted
        let evaluation = Evaluation(truth: data.validation.classes, predicted: predicted, classNames: data.classNames)
        let file = ModelFile(network: model.network, labels: data.classNames, normalization: model.normalization)
        let encoded = file.encoded()
        let stored = try context.persist { try files.store(encoded, in: "models", extension: "loupe") }
        var parameters = config
        if let trial {
            parameters.learningRate = trial.learningRate
            parameters.batchSize = trial.batchSize
            parameters.width = trial.width
            parameters.epochs = trial.epochs
        }
        let metrics: [String: Double] = [
            "validation_accuracy": evaluation.accuracy, "validation_loss": model.validationLoss,
            "macro_f1": evaluation.macroF1, "train_samples": Double(data.train.count),
            "validation_samples": Double(data.validation.count), "best_epoch": Double(model.bestEpoch),
            "epochs_run": Double(model.epochsRun), "parameter_count": Double(model.network.parameterCount),
            "tags_from_suggestions": Double(set.confirmedSuggestions),
        ]
        let project = (try? database.project(id: job.projectId))??.name ?? "project \(job.projectId)"
        let version = TrainedVersion(
            modelName: config.modelName ?? project, artifactPath: stored.relativePath, artifactSHA256: stored.sha256,
            artifactSize: stored.size, metrics: try json(metrics), parameters: try json(parameters),
            evaluation: try json(evaluation), labels: try json(data.classNames), snapshotId: set.snapshotID,
            description: "\(config.architecture.rawValue) on \(data.train.count) samples of \(data.classNames.count) classes"
                + (trial.map { ", best of \(config.search?.trials ?? 0) trials (trial \($0.index + 1))" } ?? ""))
        var summary = String(format: "validation accuracy %.1f%% after %d epochs", evaluation.accuracy * 100, model.epochsRun)
        if ValidationEvidence.isTooSmall(validationSamples: data.validation.count) {
            summary += " (on only \(data.validation.count) validation sample\(data.validation.count == 1 ? "" : "s"): too few to trust)"
        }
        return (version, summary)
    }

    private func json<T: Encodable>(_ value: T) throws -> String { try Self.json(value) }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
