// The recipe for a network, stored in the model file's header so any process can rebuild it.

public struct Architecture: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case linear, mlp, cnn
        /// A CenterNet-style one-stage detector: per-class centre heatmap, box size and offset.
        case detector
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
    /// detector: the output stride (4 or 8); the backbone's first log₂(stride) stages halve the size.
    /// (Absent in files written before detectors existed.)
    public var outputStride: Int?

    public init(kind: Kind, inputHeight: Int, inputWidth: Int, inputChannels: Int, classes: Int,
                hiddenWidths: [Int] = [], convChannels: [Int] = [], dropout: Float = 0, outputStride: Int? = nil) {
        self.kind = kind
        self.inputHeight = inputHeight
        self.inputWidth = inputWidth
        self.inputChannels = inputChannels
        self.classes = classes
        self.hiddenWidths = hiddenWidths
        self.convChannels = convChannels
        self.dropout = dropout
        self.outputStride = outputStride
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
        if kind == .detector { return makeDetectorLayers() }
        if kind == .cnn {
            for channels in convChannels {
                append(Conv2D(inputChannels: shape[2], outputChannels: channels))
                append(MaxPool2D(size: 2, appliesReLU: true))  // ReLU → pool, in one pass
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

    /// The heatmap's prior: σ(−2.19) ≈ 0.1 at the start, so the many empty cells do not swamp the loss.
    static let heatmapPriorBias: Float = -2.19
    /// detector: the width of the head's 3×3 conv (the first hidden width, else 64).
    var headWidth: Int { hiddenWidths.first ?? 64 }

    /// Backbone stages of 3×3 conv → group norm → ReLU (the first log₂(stride) at stride 2), then a
    /// 3×3 conv → ReLU → 1×1 conv head with `classes` heatmap channels and 4 box channels.
    private func makeDetectorLayers() -> [Layer] {
        let stride = outputStride ?? 4
        var layers: [Layer] = []
        var channels = inputChannels
        var downsamplings = stride.trailingZeroBitCount
        for width in convChannels {
            layers.append(Conv2D(inputChannels: channels, outputChannels: width, stride: downsamplings > 0 ? 2 : 1))
            layers.append(GroupNorm(channels: width, groups: Self.groups(for: width)))
            layers.append(ReLU())
            downsamplings -= 1
            channels = width
        }
        layers.append(Conv2D(inputChannels: channels, outputChannels: headWidth))
        layers.append(ReLU())
        let bias = Array(repeating: Self.heatmapPriorBias, count: classes) + [0, 0, 0, 0]
        layers.append(Conv2D(inputChannels: headWidth, outputChannels: classes + 4, kernel: 1, initialBias: bias, initialWeightScale: 0.01))
        return layers
    }

    /// Up to 8 groups, as many as divide the width.
    static func groups(for width: Int) -> Int {
        (1...8).last { width % $0 == 0 } ?? 1
    }

    /// Problems that would make the network impossible to build, for a clear error before training.
    public func validationProblems() -> [String] {
        var problems: [String] = []
        if inputHeight < 1 || inputWidth < 1 || inputChannels < 1 { problems.append("input size must be positive") }
        if kind == .detector {
            let stride = outputStride ?? 4
            if ![4, 8].contains(stride) { problems.append("a detector's output stride is 4 or 8, not \(stride)") }
            if inputHeight != inputWidth || inputHeight % stride != 0 {
                problems.append("a detector's input is square and a multiple of its stride \(stride), not \(inputHeight)×\(inputWidth)")
            }
            if convChannels.count < stride.trailingZeroBitCount {
                problems.append("a detector of stride \(stride) needs at least \(stride.trailingZeroBitCount) backbone stages")
            }
            if classes < 1 { problems.append("a detector needs at least one class") }
        } else if classes < 2 { problems.append("at least 2 classes are needed, got \(classes)") }
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
