// Letterboxing: an image scaled to fit a square input of `side` pixels without distortion, centred,
// the rest padded. Boxes move between image pixels and input pixels with the same transform.

public struct Letterbox: Sendable, Equatable {
    public let imageWidth: Int
    public let imageHeight: Int
    public let side: Int

    public init(imageWidth: Int, imageHeight: Int, side: Int) {
        (self.imageWidth, self.imageHeight, self.side) = (imageWidth, imageHeight, side)
    }

    /// Input pixels per image pixel.
    public var scale: Float { Float(side) / Float(max(imageWidth, imageHeight)) }
    /// Where the scaled image starts in the input (the padding before it).
    public var offsetX: Float { (Float(side) - Float(imageWidth) * scale) / 2 }
    public var offsetY: Float { (Float(side) - Float(imageHeight) * scale) / 2 }

    public func toInput(_ box: DetectionBox) -> DetectionBox {
        var moved = box
        (moved.x, moved.y) = (box.x * scale + offsetX, box.y * scale + offsetY)
        (moved.width, moved.height) = (box.width * scale, box.height * scale)
        return moved
    }

    /// Back to image pixels, clipped to the image.
    public func toImage(_ box: DetectionBox) -> DetectionBox {
        let left = max(0, (box.x - offsetX) / scale), top = max(0, (box.y - offsetY) / scale)
        let right = min(Float(imageWidth), (box.x + box.width - offsetX) / scale)
        let bottom = min(Float(imageHeight), (box.y + box.height - offsetY) / scale)
        var moved = box
        (moved.x, moved.y, moved.width, moved.height) = (left, top, max(0, right - left), max(0, bottom - top))
        return moved
    }
}
