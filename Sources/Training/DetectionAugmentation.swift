// Augmenting a detector's training input so boxes move with their pixels: a horizontal flip, and a
// scale jitter whose enlargements are cropped to a window that keeps every box's centre (shrinkings
// are padded). Nearest-neighbour resampling: cheap, and exact about where each pixel goes.
import Tensor

struct DetectionAugmentation {
    /// Scale factors drawn uniformly from this range.
    var scales: ClosedRange<Float> = 0.75...1.25
    var flips = true
    var fill: UInt8 = 114

    /// `pixels`: side × side RGB; `boxes` in its pixels. The transformed pair.
    func apply(pixels: [UInt8], boxes: [DetectionBox], side: Int,
               using generator: inout SeededGenerator) -> (pixels: [UInt8], boxes: [DetectionBox]) {
        let flip = flips && generator.next() % 2 == 0
        let scale = Float.random(in: scales, using: &generator)
        let scaled = Int((Float(side) * scale).rounded())
        // The scaled image's origin in the output: negative when it is cropped, positive when padded.
        var (lowX, highX) = (min(0, side - scaled), max(0, side - scaled))
        var (lowY, highY) = (lowX, highX)
        for box in boxes {  // a crop keeps every box's centre inside the output
            let half = box.width / 2
            let centreX: Float = (flip ? Float(side) - box.x - half : box.x + half) * scale
            let centreY: Float = (box.y + box.height / 2) * scale
            lowX = max(lowX, Int(-centreX.rounded(.down)) + 1)
            highX = min(highX, Int((Float(side) - centreX).rounded(.down)) - 1)
            lowY = max(lowY, Int(-centreY.rounded(.down)) + 1)
            highY = min(highY, Int((Float(side) - centreY).rounded(.down)) - 1)
        }
        let originX = lowX <= highX ? Int.random(in: lowX...highX, using: &generator) : 0
        let originY = lowY <= highY ? Int.random(in: lowY...highY, using: &generator) : 0
        var out = [UInt8](repeating: fill, count: side * side * 3)
        for y in 0..<side {
            let sy = Int((Float(y - originY) + 0.5) / scale)
            guard y - originY >= 0, sy < side else { continue }
            for x in 0..<side {
                let sx = Int((Float(x - originX) + 0.5) / scale)
                guard x - originX >= 0, sx < side else { continue }
                let source = (sy * side + (flip ? side - 1 - sx : sx)) * 3, target = (y * side + x) * 3
                (out[target], out[target + 1], out[target + 2]) = (pixels[source], pixels[source + 1], pixels[source + 2])
            }
        }
        let moved = boxes.compactMap { box -> DetectionBox? in
            var b = box
            b.x = (flip ? Float(side) - box.x - box.width : box.x) * scale + Float(originX)
            b.y = box.y * scale + Float(originY)
            (b.width, b.height) = (box.width * scale, box.height * scale)
            // Clipped to the output; a box whose centre left it (only possible when no window kept them all) goes.
            let (right, bottom) = (min(Float(side), b.x + b.width), min(Float(side), b.y + b.height))
            (b.x, b.y) = (max(0, b.x), max(0, b.y))
            (b.width, b.height) = (right - b.x, bottom - b.y)
            return b.width > 1 && b.height > 1 ? b : nil
        }
        return (out, moved)
    }
}
