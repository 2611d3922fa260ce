// The recipe for a network, stored in the model file's header so any process can rebuild it.

public struct Architecture: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case linear, mlp, cnn
    }

    public var kind: Kind
    /// One input item: height × width × channels (NHWC).
    public var inputHeight: Int
    public var inputWidth: Int
    public var inputChannels: Int
    public var classes: Int
    /// Hidden dense widths (mlp; for cnn, dense layers after the conv blocks).
    public var hiddenWidths: [Int]
    /// cnn: output channels of each 3×3 conv → ReLU → 2×2 max-pool block.
    public var convChannels: [Int]
    public var dropout: Float

    public init(kind: Kind, inputHeight: Int, inputWidth: Int, inputChannels: Int, classes: Int,
                hiddenWidths: [Int] = [], convChannels: [Int] = [], dropout: Float = 0) {
        self.kind = kind
        self.inputHeight = inputHeight
        self.inputWidth = inputWidth
        self.inputChannels = inputChannels
        self.classes = classes
        self.hiddenWidths = hiddenWidths
        self.convChannels = convChannels
        self.dropout = dropout
    }

    public var inputShape: [Int] { [inputHeight, inputWidth, inputChannels] }

    /// The layers in order; dropout layers get seeds derived from `seed`.
    func makeLayers(seed: UInt64) -> [Layer] {
        var layers: [Layer] = []
        var generator = SeededGenerator(seed: seed ^ 0xD50F)
        var shape = inputShape
        func append(_ layer: Layer) {
            layers.append(layer)
            shape = layer.outputShape(for: shape)
        }
        if kind == .cnn {
            for channels in convChannels {
                append(Conv2D(inputChannels: shape[2], outputChannels: channels))
                append(ReLU())
                append(MaxPool2D(size: 2))
            }
        }
        append(Flatten())
        if kind != .linear {
            for width in hiddenWidths {
                append(Dense(inputs: shape[0], outputs: width))
                append(ReLU())
                if dropout > 0 { append(Dropout(rate: dropout, seed: generator.next())) }
            }
        }
        append(Dense(inputs: shape[0], outputs: classes))
        return layers
    }

    /// Problems that would make the network impossible to build, for a clear error before training.
    public func validationProblems() -> [String] {
        var problems: [String] = []
        if inputHeight < 1 || inputWidth < 1 || inputChannels < 1 { problems.append("input size must be positive") }
        if classes < 2 { problems.append("at least 2 classes are needed, got \(classes)") }
        if hiddenWidths.contains(where: { $0 < 1 || $0 > 4096 }) { problems.append("hidden widths must be 1…4096") }
        if convChannels.contains(where: { $0 < 1 || $0 > 512 }) { problems.append("conv channels must be 1…512") }
        if kind == .cnn {
            if convChannels.isEmpty { problems.append("a cnn needs at least one conv block") }
            let side = min(inputHeight, inputWidth) >> convChannels.count
            if side < 1 { problems.append("\(convChannels.count) pooling blocks shrink a \(inputHeight)×\(inputWidth) input to nothing") }
        }
        if !(0..<1).contains(dropout) { problems.append("dropout must be in [0, 1)") }
        return problems
    }
}
