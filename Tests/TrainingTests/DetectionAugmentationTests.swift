// Augmentation moves each box with its pixels: draw boxes, transform, and look under the new boxes.
import Testing
import Tensor
@testable import Training

@Suite struct DetectionAugmentationTests {
    let side = 48
    let red = DetectionBox(classIndex: 0, x: 6, y: 12, width: 14, height: 10)
    let blue = DetectionBox(classIndex: 1, x: 30, y: 26, width: 9, height: 14)

    /// A grey square with the red and blue boxes painted in.
    func painted() -> [UInt8] {
        var pixels = [UInt8](repeating: 128, count: side * side * 3)
        for (box, colour) in [(red, [UInt8](arrayLiteral: 250, 10, 10)), (blue, [10, 10, 250])] {
            for y in Int(box.y)..<Int(box.y + box.height) {
                for x in Int(box.x)..<Int(box.x + box.width) { pixels.replaceSubrange((y * side + x) * 3..<(y * side + x) * 3 + 3, with: colour) }
            }
        }
        return pixels
    }

    func pixel(_ pixels: [UInt8], _ x: Float, _ y: Float) -> [UInt8] {
        let (px, py) = (min(side - 1, max(0, Int(x))), min(side - 1, max(0, Int(y))))
        return Array(pixels[(py * side + px) * 3..<(py * side + px) * 3 + 3])
    }

    @Test func boxesStayOnTheirPixelsThroughFlipsScalesAndCrops() {
        let augmentation = DetectionAugmentation()
        var flipped = 0, scaledUp = 0, scaledDown = 0
        for seed in 1...40 {
            // Given the painted square, transformed with a different draw each time
            var generator = SeededGenerator(seed: UInt64(seed))
            let (pixels, boxes) = augmentation.apply(pixels: painted(), boxes: [red, blue], side: side, using: &generator)
            // Then both boxes survive (their centres are kept inside) and each still covers its colour
            #expect(boxes.map(\.classIndex) == [0, 1], "seed \(seed)")
            for box in boxes {
                let colour: [UInt8] = box.classIndex == 0 ? [250, 10, 10] : [10, 10, 250]
                let inset: Float = 1.5
                for (x, y) in [(box.x + box.width / 2, box.y + box.height / 2), (box.x + inset, box.y + inset),
                               (box.x + box.width - inset, box.y + box.height - inset)] where box.width > 4 && box.height > 4 {
                    #expect(pixel(pixels, x, y) == colour, "seed \(seed): \(box) at (\(x), \(y))")
                }
                // And just outside its left and top edges there is none of it
                if box.x >= 3 { #expect(pixel(pixels, box.x - 2, box.y + box.height / 2) != colour, "seed \(seed)") }
                if box.y >= 3 { #expect(pixel(pixels, box.x + box.width / 2, box.y - 2) != colour, "seed \(seed)") }
            }
            if boxes[0].x > 24 { flipped += 1 }
            if boxes[0].width > red.width + 1 { scaledUp += 1 } else if boxes[0].width < red.width - 1 { scaledDown += 1 }
        }
        // Over 40 draws, flips, enlargements and shrinkings all happened
        #expect(flipped > 5 && scaledUp > 5 && scaledDown > 5, "flips \(flipped), up \(scaledUp), down \(scaledDown)")
    }
}
