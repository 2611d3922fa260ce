// Runs one claimed job to its end: dataset → training (or a search's trials, JobRunner+Search) →
// evaluation → model file → registered version. Every outcome is written to the job; nothing escapes
// to the loop.
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

    /// `objects`: the bucket files live in when several hosts share them; nil keeps them under `dataDirectory`.
    public init(database: any JobQueue, dataDirectory: URL, objects: S3Bucket? = nil, logger: Logger, metrics: MetricsReporter = .disabled) {
        self.database = database
        self.files = ContentStore(dataDirectory: dataDirectory, objects: objects)
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
                try context.persist { try database.finishJob(lease: context.lease, state: .succeeded, message: summary) }
                finished(.succeeded)
                logger.info("job \(job.id) succeeded: \(summary)")
            }
            switch job.spec {
            case .score(let config):
                return try succeed(try ScoringRun(database: database, files: files).run(config, context))
            case .predict(let config):
                return try succeed(try PredictionRun(database: database, files: files).run(config, context))
            case .trial(let spec):
                return try succeed(try runTrial(spec, context))
            case .batch(let config):
                guard let summary = try BatchPredictionRun(database: database, files: files).run(config, context) else {
                    logger.warning("job \(job.id): lease lost before recording its results; they were discarded")
                    return
                }
                finished(.succeeded)
                logger.info("job \(job.id) succeeded: \(summary)")
                return
            case .train(let config), .search(let config):
                training = config
            }
            let (version, summary) = job.kind == .search ? try search(training, context) : try train(training, context)
            guard let registered = try context.persist({
                try database.completeTrainingJob(lease: context.lease, version: version, message: summary)
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
            try? database.releaseJob(lease: context.lease)
            logger.info("job \(job.id) handed back to the queue (shutting down)")
        } catch TrainingError.cancelled {
            _ = try? database.finishJob(lease: context.lease, state: .cancelled,
                                    message: "cancelled while \(context.message)")
            finished(.cancelled)
            logger.info("job \(job.id) cancelled")
        } catch {
            let reason = (error as? TrainingError)?.description ?? String(describing: error)
            _ = try? database.finishJob(lease: context.lease, state: .failed, message: reason)
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
    static let loadingShare = 0.15

    /// One model from one config: a classifier or a detector, registered with its evaluation.
    private func train(_ config: TrainingConfig, _ context: JobContext) throws -> (TrainedVersion, String) {
        let record = { (epoch: EpochReport, samples: Int) in
            try context.persist { try database.recordEpoch(lease: context.lease, JobMetric(epoch, trial: 0)) }
            reportSpeed(epoch, samples: samples)
        }
        if config.architecture == .detector {
            let (set, data) = try loadDetectionData(config, context)
            let trained = try DetectorTrainer(plan: TrainingPlan(config)).train(
                data, report: { try record($0, data.train.count) }, checkpoint: { try trainingProgress($0, config, context) })
            try context.checkpoint(0.99, "evaluating and saving the model", force: true)
            return try registerDetector(trained, data: data, set: set, config: config, context: context)
        }
        let (set, data) = try loadClassifierData(config, context)
        let model = try ClassifierTrainer(plan: TrainingPlan(config)).train(
            data, report: { try record($0, data.train.count) }, checkpoint: { try trainingProgress($0, config, context) })
        try context.checkpoint(0.99, "evaluating and saving the model", force: true)
        return try register(model, data: data, set: set, config: config, context: context)
    }

    /// Between batches: the share of the training done, after the loading share.
    func trainingProgress(_ fraction: Double, _ config: TrainingConfig, _ context: JobContext, label: String = "") throws {
        try context.checkpoint(Self.loadingShare + (0.99 - Self.loadingShare) * fraction,
                               "\(label)epoch \(Int(fraction * Double(config.epochs)) + 1) of \(config.epochs)")
    }

    /// Training speed for /metrics.
    func reportSpeed(_ epoch: EpochReport, samples: Int) {
        metrics.report(.epoch(samples: samples, seconds: epoch.samplesPerSecond > 0 ? Double(samples) / epoch.samplesPerSecond : 0))
    }

    /// The project's samples for a classifier, decoded through the sample cache.
    func loadClassifierData(_ config: TrainingConfig, _ context: JobContext) throws -> (TrainingSet, Dataset) {
        try context.checkpoint(0, "reading labels", force: true)
        let set = try database.trainingSet(projectID: context.job.projectId, snapshotReference: config.snapshot, source: config.source)
        let loader = SampleLoader(files: files, side: config.inputSize)
        let total = Double(set.samples.count)
        let data = try Dataset(set: set, side: config.inputSize, validationFraction: config.validationFraction) { n, sample in
            try context.checkpoint(Self.loadingShare * Double(n) / total, "preparing sample \(n + 1) of \(set.samples.count)")
            return try loader.pixels(for: sample)
        }
        return (set, data)
    }

    /// Registers a classifier with its confusion matrix and per-class scores on the validation samples;
    /// `note` (a search's) ends the version's description.
    func register(_ model: TrainedClassifier, data: Dataset, set: TrainingSet, config: TrainingConfig,
                  context: JobContext, note: String = "") throws -> (TrainedVersion, String) {
        let job = context.job
        let shape = [data.side, data.side, 3]
        let predicted = ClassifierTrainer.score(model.network, data.validation, normalization: model.normalization, shape: shape).predicted
        let evaluation = Evaluation(truth: data.validation.classes, predicted: predicted, classNames: data.classNames)
        let file = ModelFile(network: model.network, labels: data.classNames, normalization: model.normalization)
        let encoded = file.encoded()
        let sizes = config.source == .boxes ? nil : try database.imageSizes(ids: data.validation.imageIDs)
        let profile = try ReferenceProfile.classifier(file, validation: data.validation, side: data.side, sizes: sizes)
        let stored = try context.persist { try files.store(encoded, in: "models", extension: "loupe") }
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
            artifactSize: stored.size, metrics: try json(metrics), parameters: try json(config),
            evaluation: try json(evaluation), labels: try json(data.classNames), snapshotId: set.snapshotID,
            description: "\(config.architecture.rawValue) on \(data.train.count) samples of \(data.classNames.count) classes" + note,
            profile: try json(profile))
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

extension JobMetric {
    /// An epoch's figures, for trial `trial` (0 outside a search).
    init(_ epoch: EpochReport, trial: Int) {
        self.init(trial: trial, epoch: epoch.epoch, trainLoss: epoch.trainLoss, trainAccuracy: epoch.trainAccuracy,
                  validationLoss: epoch.validationLoss, validationAccuracy: epoch.validationAccuracy,
                  learningRate: epoch.learningRate, samplesPerSecond: epoch.samplesPerSecond)
    }
}
