// How a person likes a project's images shown in the editor: brightness, contrast, gamma and invert,
// applied on the canvas (never to the file) and kept per person and project.

public struct ImageAdjustments: Sendable, Equatable, Codable {
    /// -100…100: added to every channel, in percent of full scale.
    public var brightness: Double = 0
    /// -100…100: 0 leaves the image as it is, -100 makes it flat grey, 100 doubles the spread.
    public var contrast: Double = 0
    /// 0.2…5: above 1 lifts the shadows.
    public var gamma: Double = 1
    public var invert = false

    public init(brightness: Double = 0, contrast: Double = 0, gamma: Double = 1, invert: Bool = false) {
        (self.brightness, self.contrast, self.gamma, self.invert) = (brightness, contrast, gamma, invert)
    }

    /// The first value out of range, as the field at fault; nil when all fit.
    public var problem: ShapeRuleViolation? {
        for (name, value, range) in [("brightness", brightness, -100.0...100), ("contrast", contrast, -100...100), ("gamma", gamma, 0.2...5)]
        where !value.isFinite || !range.contains(value) {
            return ShapeRuleViolation(field: name, message: "\(name) is a number from \(AttributeValue.number(range.lowerBound).text) to \(AttributeValue.number(range.upperBound).text).")
        }
        return nil
    }
}
