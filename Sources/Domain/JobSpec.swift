// What a job runs, one case per kind, so a score job carries what scoring reads and nothing else.
import Foundation

public enum JobSpec: Equatable, Sendable {
    /// Train one model and register it.
    case train(TrainingConfig)
    /// Trials drawn from `config.search` over the config's other settings; the best is registered.
    case search(TrainingConfig)
    /// Rank the project's open images with a model version, for the labelling queue.
    case score(ScoringConfig)
    /// Propose boxes on the project's images with a detector version.
    case predict(PredictionConfig)
    /// One trial of a search: the search's config with the trial's values.
    case trial(TrialSpec)
    /// Run a version over many images and write the answers to files (CSV, COCO results).
    case batch(BatchConfig)

    public var kind: JobKind {
        switch self {
        case .train: .train
        case .search: .search
        case .score: .score
        case .predict: .predict
        case .trial: .trial
        case .batch: .batch
        }
    }

    /// The training settings of a train, search or trial job; nil for a score or predict job.
    public var training: TrainingConfig? {
        switch self {
        case .train(let config), .search(let config): config
        case .trial(let trial): trial.config
        case .score, .predict, .batch: nil
        }
    }

    /// The `config` object as stored and shown (sorted keys).
    public func configJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return switch self {
        case .train(let config), .search(let config): try encoder.encode(config)
        case .score(let config): try encoder.encode(config)
        case .predict(let config): try encoder.encode(config)
        case .trial(let trial): try encoder.encode(trial)
        case .batch(let config): try encoder.encode(config)
        }
    }

    /// A job as a client asks for it: `config` is checked strictly for its kind (defaults when
    /// absent); a search without a search space searches the default one.
    public static func requested(kind: JobKind, config: Data?) throws -> JobSpec {
        let decoder = JSONDecoder()
        func decode<T: Decodable>(_ type: T.Type, or fallback: T) throws -> T {
            guard let config else { return fallback }
            do {
                return try decoder.decode(T.self, from: config)
            } catch let error as TrainingConfigError {
                throw error
            } catch {
                throw TrainingConfigError(field: "config", message: "config must be a JSON object of \(kind.rawValue) settings")
            }
        }
        switch kind {
        case .train: return .train(try decode(TrainingConfig.self, or: TrainingConfig()))
        case .search:
            var config = try decode(TrainingConfig.self, or: TrainingConfig())
            if config.search == nil { config.search = .init() }
            return .search(config)
        case .score: return .score(try decode(ScoringConfig.self, or: ScoringConfig()))
        case .predict:
            guard config != nil else { throw TrainingConfigError(field: "config.model_version", message: "is required: the detector version that proposes boxes") }
            return .predict(try decode(PredictionConfig.self, or: PredictionConfig(modelVersion: 0)))
        case .trial:
            throw TrainingConfigError(field: "kind", message: "trial jobs are queued by a search job; start a search instead")
        case .batch:
            guard config != nil else { throw TrainingConfigError(field: "config.model_version", message: "is required: the version that predicts") }
            let batch = try decode(BatchConfig.self, or: BatchConfig())
            // A client names images it may see; an archive path comes only from the upload route.
            if batch.archive != nil {
                throw TrainingConfigError(field: "config.archive", message: "upload the archive to /api/v1/projects/{id}/batch-predictions instead")
            }
            return .batch(batch)
        }
    }

    /// A job as stored: a score job reads only its own keys, whatever else an older Loupe stored.
    public static func stored(kind: JobKind, config: Data) throws -> JobSpec {
        switch kind {
        case .train: return .train(try JSONDecoder().decode(TrainingConfig.self, from: config))
        case .search: return .search(try JSONDecoder().decode(TrainingConfig.self, from: config))
        case .score:
            let stored = try JSONDecoder().decode(ScoringConfig.Stored.self, from: config)
            return .score(ScoringConfig(strategy: stored.strategy, diversity: stored.diversity, modelVersion: stored.modelVersion))
        case .predict: return .predict(try JSONDecoder().decode(PredictionConfig.self, from: config))
        case .trial: return .trial(try JSONDecoder().decode(TrialSpec.self, from: config))
        case .batch: return .batch(try JSONDecoder().decode(BatchConfig.self, from: config))
        }
    }
}

extension JobSpec: Encodable {
    /// Encodes as its config object, the shape clients send.
    public func encode(to encoder: Encoder) throws {
        switch self {
        case .train(let config), .search(let config): try config.encode(to: encoder)
        case .score(let config): try config.encode(to: encoder)
        case .predict(let config): try config.encode(to: encoder)
        case .trial(let trial): try trial.encode(to: encoder)
        case .batch(let config): try config.encode(to: encoder)
        }
    }
}

/// One trial of a search job: which search (and which of its attempts), its number, the position of
/// its values in the search space, those values as JSON (for the trials table), whether the median
/// rule may stop it, and the whole config it trains with.
public struct TrialSpec: Codable, Equatable, Sendable {
    public var searchJob: Int64
    public var attempt: Int
    public var trial: Int
    public var position: [Int]
    public var parameters: String
    public var prune: Bool
    public var config: TrainingConfig

    public init(searchJob: Int64, attempt: Int, trial: Int, position: [Int], parameters: String, prune: Bool, config: TrainingConfig) {
        (self.searchJob, self.attempt, self.trial, self.position) = (searchJob, attempt, trial, position)
        (self.parameters, self.prune, self.config) = (parameters, prune, config)
    }

    enum CodingKeys: String, CodingKey {
        case searchJob = "search_job", attempt, trial, position, parameters, prune, config
    }
}
