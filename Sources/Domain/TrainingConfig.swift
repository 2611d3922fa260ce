// What a training or search job trains: every field has a default, every value is checked, and an
// unknown key is an error (a typo must not silently train with defaults). Score jobs have their own
// ScoringConfig (see JobSpec).
import Foundation

public struct TrainingConfigError: Error, Equatable, Sendable {
    /// `config.learning_rate`, `config.search.batch_size[1]`
    public let field: String
    public let message: String
}

public struct TrainingConfig: Codable, Equatable, Sendable {
    public enum Architecture: String, Codable, Sendable, CaseIterable {
        case linear, mlp, cnn
        /// A one-stage detector of the project's boxes (and polygons' bounds): see `outputStride`, `topK`.
        case detector
    }
    public enum Source: String, Codable, Sendable, CaseIterable {
        /// One sample per image that carries exactly one tag.
        case tags
        /// One sample per box, cropped from its image.
        case boxes
    }
    public enum OptimizerKind: String, Codable, Sendable, CaseIterable { case adam, sgd }

    public var architecture = Architecture.cnn
    public var source = Source.tags
    /// Samples are resized to input_size × input_size RGB.
    public var inputSize = 64
    public var epochs = 30
    public var batchSize = 32
    public var optimizer = OptimizerKind.adam
    /// Default depends on the optimiser: 0.001 for Adam, 0.05 for SGD.
    public var learningRate: Double?
    public var momentum = 0.9
    public var weightDecay = 1e-4
    /// Hidden dense width (mlp; for cnn, a dense layer after the conv blocks when hidden_layers > 0).
    public var width = 128
    public var hiddenLayers: Int?
    public var convChannels = [16, 32, 64]
    public var dropout = 0.0
    public var validationFraction = 0.2
    /// Early stopping: epochs without a better validation loss before training stops.
    public var patience = 5
    /// Random horizontal flips of training samples.
    public var augment = true
    public var seed = 1
    /// Train on this frozen snapshot (name or id) instead of the live project.
    public var snapshot: String?
    /// The registered model that receives the version; default: the project's name.
    public var modelName: String?
    public var search: SearchSpace?
    /// detector: the head's output stride (4 or 8) and the most boxes one image may get.
    public var outputStride = 4
    public var topK = 100

    public struct SearchSpace: Codable, Equatable, Sendable {
        /// random and grid draw from the combinations; tpe (a Tree-structured Parzen Estimator, as
        /// Optuna's) starts at random, then proposes what resembles the best trials so far.
        public enum Strategy: String, Codable, Sendable, CaseIterable { case random, grid, tpe }
        public var strategy = Strategy.random
        /// How many trials at most.
        public var trials = 6
        public var learningRate: [Double] = [3e-4, 1e-3, 3e-3]
        public var batchSize: [Int] = [16, 32, 64]
        /// Dense width (mlp, cnn) or the detector head's width.
        public var width: [Int] = [64, 128, 256]
        public var epochs: [Int] = [10, 20]
        /// Backbones to try (depth and widths): alternatives for conv_channels; empty: the config's own.
        public var convChannels: [[Int]] = []
        /// Input sizes to try; empty: the config's own.
        public var inputSize: [Int] = []
        /// Stop a trial whose validation loss is worse than the median of finished trials at the same epoch.
        public var prune = true
        /// How many trials may run at once (on as many trainers as are free).
        public var parallel = 2

        public init() {}
    }

    public init() {}

    public var effectiveLearningRate: Double { learningRate ?? (optimizer == .adam ? 1e-3 : 0.05) }
    /// mlp: 1 hidden layer by default; cnn: none (the conv blocks feed the classifier directly).
    public var effectiveHiddenLayers: Int { hiddenLayers ?? (architecture == .mlp ? 1 : 0) }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case architecture, source, epochs, optimizer, momentum, width, dropout, patience, augment, seed, snapshot, search
        case inputSize = "input_size", batchSize = "batch_size", learningRate = "learning_rate"
        case weightDecay = "weight_decay", hiddenLayers = "hidden_layers", convChannels = "conv_channels"
        case validationFraction = "validation_fraction", modelName = "model_name"
        case outputStride = "output_stride", topK = "top_k"
    }
}

// MARK: - Decoding with checks

extension TrainingConfig {
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: AnyKey.self)
        try rejectUnknownKeys(c, known: CodingKeys.allCases.map(\.stringValue), prefix: "config")
        let f = FieldReader(container: c, prefix: "config")
        architecture = try f.choice("architecture", default: architecture)
        source = try f.choice("source", default: source)
        // A detector sees whole images: larger inputs (default 320), letterboxed.
        inputSize = architecture == .detector
            ? try f.integer("input_size", in: 64...640, default: 320)
            : try f.integer("input_size", in: 8...256, default: inputSize)
        epochs = try f.integer("epochs", in: 1...500, default: epochs)
        batchSize = try f.integer("batch_size", in: 1...1024, default: batchSize)
        optimizer = try f.choice("optimizer", default: optimizer)
        learningRate = try f.optionalNumber("learning_rate", above: 0, atMost: 10)
        momentum = try f.number("momentum", in: 0...0.999, default: momentum)
        weightDecay = try f.number("weight_decay", in: 0...1, default: weightDecay)
        width = try f.integer("width", in: 1...4096, default: width)
        hiddenLayers = try f.optionalInteger("hidden_layers", in: 0...4)
        convChannels = try f.integers("conv_channels", each: 1...512, count: 1...4, default: convChannels)
        dropout = try f.number("dropout", in: 0...0.9, default: dropout)
        validationFraction = try f.number("validation_fraction", in: 0.05...0.5, default: validationFraction)
        patience = try f.integer("patience", in: 1...500, default: patience)
        augment = try f.flag("augment", default: augment)
        seed = try f.integer("seed", in: 0...Int(Int32.max), default: seed)
        snapshot = try f.optionalText("snapshot", maxLength: 100)
        modelName = try f.optionalText("model_name", maxLength: 100)
        search = try c.decodeIfPresent(SearchSpace.self, forKey: AnyKey("search"))
        outputStride = try f.integer("output_stride", in: 4...8, default: outputStride)
        guard [4, 8].contains(outputStride) else { throw TrainingConfigError(field: "config.output_stride", message: "must be 4 or 8, not \(outputStride)") }
        topK = try f.integer("top_k", in: 1...500, default: topK)
        if architecture == .detector {
            guard inputSize % outputStride == 0 else {
                throw TrainingConfigError(field: "config.input_size", message: "must be a multiple of the output stride \(outputStride), not \(inputSize)")
            }
            if !c.contains(AnyKey("conv_channels")) { convChannels = [32, 64, 64, 128] }
            if !c.contains(AnyKey("width")) { width = 64 }
        }
        if architecture == .cnn, inputSize >> convChannels.count < 1 {
            throw TrainingConfigError(field: "config.conv_channels",
                                      message: "\(convChannels.count) pooling blocks shrink a \(inputSize)-pixel input to nothing")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(architecture, forKey: .architecture)
        try c.encode(source, forKey: .source)
        try c.encode(inputSize, forKey: .inputSize)
        try c.encode(epochs, forKey: .epochs)
        try c.encode(batchSize, forKey: .batchSize)
        try c.encode(optimizer, forKey: .optimizer)
        try c.encode(effectiveLearningRate, forKey: .learningRate)
        try c.encode(momentum, forKey: .momentum)
        try c.encode(weightDecay, forKey: .weightDecay)
        try c.encode(width, forKey: .width)
        try c.encode(effectiveHiddenLayers, forKey: .hiddenLayers)
        try c.encode(convChannels, forKey: .convChannels)
        try c.encode(dropout, forKey: .dropout)
        try c.encode(validationFraction, forKey: .validationFraction)
        try c.encode(patience, forKey: .patience)
        try c.encode(augment, forKey: .augment)
        try c.encode(seed, forKey: .seed)
        try c.encode(outputStride, forKey: .outputStride)
        try c.encode(topK, forKey: .topK)
        try c.encodeIfPresent(snapshot, forKey: .snapshot)
        try c.encodeIfPresent(modelName, forKey: .modelName)
        try c.encodeIfPresent(search, forKey: .search)
    }
}

extension TrainingConfig.SearchSpace {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case strategy, trials, width, epochs, prune, parallel
        case learningRate = "learning_rate", batchSize = "batch_size", convChannels = "conv_channels", inputSize = "input_size"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: AnyKey.self)
        try rejectUnknownKeys(c, known: CodingKeys.allCases.map(\.stringValue), prefix: "config.search")
        let f = FieldReader(container: c, prefix: "config.search")
        strategy = try f.choice("strategy", default: strategy)
        trials = try f.integer("trials", in: 1...50, default: trials)
        learningRate = try f.numbers("learning_rate", above: 0, atMost: 10, default: learningRate)
        batchSize = try f.integers("batch_size", each: 1...1024, count: 1...10, default: batchSize)
        width = try f.integers("width", each: 1...4096, count: 1...10, default: width)
        epochs = try f.integers("epochs", each: 1...500, count: 1...10, default: epochs)
        convChannels = try f.integerLists("conv_channels", each: 1...512, length: 1...4, default: convChannels)
        inputSize = try f.integers("input_size", each: 8...640, count: 0...10, default: inputSize)
        prune = try f.flag("prune", default: prune)
        parallel = try f.integer("parallel", in: 1...8, default: parallel)
    }
}
