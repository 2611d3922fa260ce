// A sequential network: layers over one parameter buffer, trained with softmax cross-entropy (a
// classifier) or any loss of its output (a detector).

public final class Network {
    public let architecture: Architecture
    public let layers: [Layer]
    public let parameters: ParameterBuffer
    /// Backward stops here: nothing before the first layer with parameters needs a gradient.
    private let firstTrainable: Int

    /// Builds the layers and gives them seeded initial weights: the same seed gives the same network.
    public init(architecture: Architecture, seed: UInt64) {
        self.architecture = architecture
        layers = architecture.makeLayers(seed: seed)
        parameters = ParameterBuffer(specs: layers.flatMap(\.parameterSpecs))
        var views = parameters.views[...]
        var generator = SeededGenerator(seed: seed)
        for layer in layers {
            let count = layer.parameterSpecs.count
            layer.bind(Array(views.prefix(count)))
            views = views.dropFirst(count)
            layer.initialize(using: &generator)
        }
        firstTrainable = layers.firstIndex { !$0.parameterSpecs.isEmpty } ?? layers.count
        if firstTrainable < layers.count { (layers[firstTrainable] as? InputGradientSkipping)?.skipsInputGradient = true }
    }

    public var parameterCount: Int { parameters.count }

    // x: (N,H,W,C) → logits: (N,K)
    public func forward(_ x: Tensor, training: Bool) -> Tensor {
        layers.reduce(x) { $1.forward($0, training: training) }
    }

    /// Back-propagates ∂loss/∂logits, accumulating every parameter's gradient.
    public func backward(_ gradient: Tensor) {
        var dy = gradient
        for layer in layers[firstTrainable...].reversed() { dy = layer.backward(dy) }
    }

    /// One optimisation step on a batch; returns the batch's mean loss and how many it got right.
    @discardableResult
    public func trainStep(_ x: Tensor, labels: [Int], optimizer: Optimizer) -> (loss: Float, correct: Int) {
        let result = SoftmaxCrossEntropy.evaluate(logits: forward(x, training: true), labels: labels)
        parameters.zeroGradients()
        backward(result.gradient)
        optimizer.step(parameters)
        return (result.loss, result.correct)
    }

    /// One optimisation step with any loss of the output (a detector's heatmap and box losses);
    /// returns the batch's loss.
    @discardableResult
    public func trainStep(_ x: Tensor, optimizer: Optimizer, loss: (Tensor) -> LossResult) -> Float {
        let result = loss(forward(x, training: true))
        parameters.zeroGradients()
        backward(result.gradient)
        optimizer.step(parameters)
        return result.loss
    }

    /// Class probabilities (N,K) and the penultimate activations (N,E) used as embeddings.
    public func predict(_ x: Tensor) -> (probabilities: Tensor, embeddings: Tensor) {
        let (logits, embeddings) = inferWithFeatures(x)
        return (SoftmaxCrossEntropy.softmax(logits), embeddings)
    }

    /// The output and the last layer's input (the features it reads), for inference.
    public func inferWithFeatures(_ x: Tensor) -> (output: Tensor, features: Tensor) {
        let features = layers.dropLast().reduce(x) { $1.forward($0, training: false) }
        return (layers[layers.count - 1].forward(features, training: false), features)
    }
}
