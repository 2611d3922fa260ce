// Letterboxing: an image scaled to fit a square input of `side` pixels without distortion, centred,
// the rest padded. Boxes move between image pixels and input pixels with the same transform.

public struct Letterbox: Sendable, Equatable {
    public let imageWidth: Int
    public let imageHeight: Int
    public let side: Int

    public init(imageWidth: Int, imageHeight: Int, side: Int) {
        (self.imageWidth, self.imageHeight, self.side) = (imageWidth, imageHeight, side)
    }

    private var fit: Float { Float(side) / Float(max(imageWidth, imageHeight)) }
    /// The scaled image in whole pixels, as the pixels are resampled (Imaging places it there).
    public var scaledWidth: Int { max(1, Int((Float(imageWidth) * fit).rounded())) }
    public var scaledHeight: Int { max(1, Int((Float(imageHeight) * fit).rounded())) }
    /// Where the scaled image starts in the input (the padding before it), in whole pixels.
    public var left: Int { (side - scaledWidth) / 2 }
    public var top: Int { (side - scaledHeight) / 2 }
    /// Input pixels per image pixel, along each axis.
    public var scaleX: Float { Float(scaledWidth) / Float(imageWidth) }
    public var scaleY: Float { Float(scaledHeight) / Float(imageHeight) }

    public func toInput(_ box: DetectionBox) -> DetectionBox {
        var moved = box
        (moved.x, moved.y) = (box.x * scaleX + Float(left), box.y * scaleY + Float(top))
        (moved.width, moved.height) = (box.width * scaleX, box.height * scaleY)
        return moved
    }

    /// Back to image pixels, clipped to the image.
    public func toImage(_ box: DetectionBox) -> DetectionBox {
        let left = max(0, (box.x - Float(self.left)) / scaleX), top = max(0, (box.y - Float(self.top)) / scaleY)
        let right = min(Float(imageWidth), (box.x + box.width - Float(self.left)) / scaleX)
        let bottom = min(Float(imageHeight), (box.y + box.height - Float(self.top)) / scaleY)
        var moved = box
        (moved.x, moved.y, moved.width, moved.height) = (left, top, max(0, right - left), max(0, bottom - top))
        return moved
    }
}
