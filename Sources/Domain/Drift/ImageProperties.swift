// What an image looks like in numbers a drift check can compare: measured on the model's own input
// sample (side × side × 3 bytes), the same way at training and at serving.

public struct ImageProperties: Equatable, Sendable {
    /// Mean luma, 0…1.
    public let brightness: Double
    /// Standard deviation of luma, 0…0.5.
    public let contrast: Double
    /// Mean absolute Laplacian of luma (edges and fine detail), 0…≈1.
    public let sharpness: Double

    public init(brightness: Double, contrast: Double, sharpness: Double) {
        (self.brightness, self.contrast, self.sharpness) = (brightness, contrast, sharpness)
    }

    /// `pixels`: HWC bytes of a side × side RGB sample.
    public static func measure(pixels: [UInt8], side: Int) -> ImageProperties {
        let count = side * side
        guard count > 0, pixels.count >= count * 3 else { return ImageProperties(brightness: 0, contrast: 0, sharpness: 0) }
        var luma = [Double](repeating: 0, count: count)
        for i in 0..<count {
            luma[i] = (0.299 * Double(pixels[3 * i]) + 0.587 * Double(pixels[3 * i + 1]) + 0.114 * Double(pixels[3 * i + 2])) / 255
        }
        let mean = luma.reduce(0, +) / Double(count)
        let variance = luma.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(count)
        var laplacian = 0.0
        if side >= 3 {
            for y in 1..<(side - 1) {
                for x in 1..<(side - 1) {
                    let i = y * side + x
                    laplacian += abs(4 * luma[i] - luma[i - 1] - luma[i + 1] - luma[i - side] - luma[i + side])
                }
            }
            laplacian /= Double((side - 2) * (side - 2))
        }
        return ImageProperties(brightness: mean, contrast: variance.squareRoot(), sharpness: laplacian)
    }
}
