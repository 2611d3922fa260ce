// When a validation figure is measured on too few samples to mean anything.

public enum ValidationEvidence {
    /// Below this many validation samples, accuracy moves by over 3 points per sample.
    public static let minimumSamples = 30

    public static func isTooSmall(validationSamples: Int) -> Bool { validationSamples < minimumSamples }

    /// A warning for pages, or nil when the validation set is large enough.
    public static func warning(validationSamples: Int) -> String? {
        guard isTooSmall(validationSamples: validationSamples) else { return nil }
        if validationSamples <= 0 { return "No validation samples: this version's validation figures measure nothing." }
        let step = 100.0 / Double(validationSamples)
        let samples = validationSamples == 1 ? "1 validation sample" : "\(validationSamples) validation samples"
        return "Measured on only \(samples): each one moves accuracy by \(Int(step.rounded())) points, so these figures say little. "
            + "Label more images (at least \(minimumSamples) for validation) before trusting or promoting it."
    }
}
