// The layer contract: forward caches exactly what backward needs; backward adds into gradients.

public protocol Layer: AnyObject {
    /// Parameters this layer owns, in the order `bind` receives their views.
    var parameterSpecs: [ParameterSpec] { get }
    /// Gives the layer its views into the network's flat buffers.
    func bind(_ views: [ParameterView])
    /// Seeded initial values for the bound parameters.
    func initialize(using generator: inout SeededGenerator)
    /// Shape of one output item for one input item (no batch axis).
    func outputShape(for inputShape: [Int]) -> [Int]
    /// x: (N, …) → y: (N, …)
    func forward(_ x: Tensor, training: Bool) -> Tensor
    /// dy: like y → dx: like x; parameter gradients are accumulated with +=.
    func backward(_ dy: Tensor) -> Tensor
}

extension Layer {
    public var parameterSpecs: [ParameterSpec] { [] }
    public func bind(_ views: [ParameterView]) {}
    public func initialize(using generator: inout SeededGenerator) {}
}

/// He-normal initial weights for layers followed by ReLU.
func fillHeNormal(_ view: ParameterView, fanIn: Int, using generator: inout SeededGenerator) {
    let scale = (2 / Float(fanIn)).squareRoot()
    for i in 0..<view.count { view.values[i] = generator.nextNormal() * scale }
}
