// One training run's settings, resolved from a job's config (and a search trial's choices).
import Domain
import Tensor

public struct TrainingPlan: Sendable, Equatable {
    public var architecture: TrainingConfig.Architecture
    public var side: Int
    public var width: Int
    public var hiddenLayers: Int
    public var convChannels: [Int]
    public var dropout: Float
    public var optimizer: TrainingConfig.OptimizerKind
    public var learningRate: Float
    public var momentum: Float
    public var weightDecay: Float
    public var epochs: Int
    public var batchSize: Int
    public var patience: Int
    public var augment: Bool
    public var seed: UInt64
    /// detector: the head's output stride (4 or 8) and how many boxes an image may get.
    public var outputStride: Int
    public var topK: Int

    public init(_ config: TrainingConfig) {
        architecture = config.architecture
        side = config.inputSize
        width = config.width
        hiddenLayers = config.effectiveHiddenLayers
        convChannels = config.convChannels
        dropout = Float(config.dropout)
        optimizer = config.optimizer
        learningRate = Float(config.effectiveLearningRate)
        momentum = Float(config.momentum)
        weightDecay = Float(config.weightDecay)
        epochs = config.epochs
        batchSize = config.batchSize
        patience = config.patience
        augment = config.augment
        seed = UInt64(config.seed)
        outputStride = config.outputStride
        topK = config.topK
    }

    public func networkArchitecture(classes: Int) -> Architecture {
        let kind: Architecture.Kind = switch architecture {
        case .linear: .linear
        case .mlp: .mlp
        case .cnn: .cnn
        case .detector: .detector
        }
        if kind == .detector {
            return Architecture(kind: .detector, inputHeight: side, inputWidth: side, inputChannels: 3, classes: classes,
                                hiddenWidths: [width], convChannels: convChannels, outputStride: outputStride)
        }
        return Architecture(kind: kind, inputHeight: side, inputWidth: side, inputChannels: 3, classes: classes,
                            hiddenWidths: Array(repeating: width, count: architecture == .linear ? 0 : hiddenLayers),
                            convChannels: architecture == .cnn ? convChannels : [], dropout: dropout)
    }

    func makeOptimizer() -> Optimizer {
        switch optimizer {
        case .adam: Adam(learningRate: learningRate, weightDecay: weightDecay)
        case .sgd: SGD(learningRate: learningRate, momentum: momentum, weightDecay: weightDecay)
        }
    }
}
