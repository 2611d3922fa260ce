// A detector's input keeps the image's aspect ratio: resampled, placed, the rest padding.
import Testing
@testable import Imaging

@Suite struct LetterboxTests {
    @Test func aWideImageIsPlacedBetweenBandsOfPadding() {
        // Given a 4×2 image, red on the left half and blue on the right
        var pixels: [UInt8] = []
        for _ in 0..<2 { for x in 0..<4 { pixels += x < 2 ? [255, 0, 0] : [0, 0, 255] } }
        let image = RasterImage(width: 4, height: 2, channels: 3, pixels: pixels)
        // When it is letterboxed into an 8-pixel square at 8×4, 2 rows down (as Tensor's Letterbox places it)
        let boxed = image.letterboxed(side: 8, left: 0, top: 2, width: 8, height: 4)
        // Then the rows above and below are padding, and the halves keep their colours and sides
        #expect(boxed.width == 8 && boxed.height == 8)
        #expect(boxed.pixel(x: 3, y: 0) == [114, 114, 114] && boxed.pixel(x: 3, y: 7) == [114, 114, 114])
        #expect(boxed.pixel(x: 0, y: 2) == [255, 0, 0] && boxed.pixel(x: 3, y: 5) == [255, 0, 0])
        #expect(boxed.pixel(x: 4, y: 2) == [0, 0, 255] && boxed.pixel(x: 7, y: 5) == [0, 0, 255])
        // And shrinking averages: the same image at 2×1 is one red and one blue pixel
        let small = image.letterboxed(side: 2, left: 0, top: 0, width: 2, height: 1)
        #expect(small.pixel(x: 0, y: 0) == [255, 0, 0] && small.pixel(x: 1, y: 0) == [0, 0, 255] && small.pixel(x: 0, y: 1) == [114, 114, 114])
    }
}
