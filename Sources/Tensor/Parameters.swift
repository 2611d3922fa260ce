// All of a network's weights in one flat buffer (and one for their gradients), with named views.

/// Where one named parameter lives in the flat buffers.
public struct ParameterView {
    public let name: String
    public let shape: [Int]
    public let offset: Int
    /// Weight decay applies to weights, not biases.
    public let decays: Bool
    public let values: UnsafeMutablePointer<Float>
    public let gradients: UnsafeMutablePointer<Float>
    public var count: Int { shape.reduce(1, *) }
}

/// What a layer asks for: a name, a shape, and whether weight decay applies.
public struct ParameterSpec: Sendable {
    public let name: String
    public let shape: [Int]
    public let decays: Bool
    public init(_ name: String, _ shape: [Int], decays: Bool) {
        self.name = name
        self.shape = shape
        self.decays = decays
    }
}

/// Owns the memory; views stay valid as long as this object lives.
public final class ParameterBuffer {
    public let count: Int
    public let values: UnsafeMutableBufferPointer<Float>
    public let gradients: UnsafeMutableBufferPointer<Float>
    public private(set) var views: [ParameterView] = []

    public init(specs: [ParameterSpec]) {
        count = specs.reduce(0) { $0 + $1.shape.reduce(1, *) }
        values = .allocate(capacity: max(count, 1))
        gradients = .allocate(capacity: max(count, 1))
        values.initialize(repeating: 0)
        gradients.initialize(repeating: 0)
        var offset = 0
        for spec in specs {
            views.append(ParameterView(name: spec.name, shape: spec.shape, offset: offset, decays: spec.decays,
                                       values: values.baseAddress! + offset, gradients: gradients.baseAddress! + offset))
            offset += spec.shape.reduce(1, *)
        }
    }

    deinit {
        values.deallocate()
        gradients.deallocate()
    }

    public func zeroGradients() {
        gradients.update(repeating: 0)
    }

    public var valueArray: [Float] { Array(values.prefix(count)) }

    public func load(_ scalars: [Float]) {
        precondition(scalars.count == count, "expected \(count) parameters, got \(scalars.count)")
        _ = values.initialize(from: scalars)
    }
}
