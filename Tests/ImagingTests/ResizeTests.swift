// Area-average downscaling: exact means, weights that sum to one, aspect ratio kept.
import Testing
@testable import Imaging

@Suite struct ResizeTests {
    @Test func checkerboardAveragesToGray() {
        var pixels: [UInt8] = []
        for y in 0..<4 { for x in 0..<4 { pixels += [UInt8]((x + y) % 2 == 0 ? [0, 0, 0] : [255, 255, 255]) } }
        let small = RasterImage(width: 4, height: 4, channels: 3, pixels: pixels).areaResized(width: 2, height: 2)
        #expect(small.pixels.allSatisfy { $0 == 128 })
    }

    @Test func fractionalCoverageIsWeighted() {
        // 3 → 2 pixels: each output covers 1.5 inputs
        let row = RasterImage(width: 3, height: 1, channels: 3, pixels: [0, 0, 0, 90, 90, 90, 180, 180, 180])
        let resized = row.areaResized(width: 2, height: 1)
        #expect(resized.pixel(x: 0, y: 0) == [30, 30, 30])   // (0·1 + 90·0.5) / 1.5
        #expect(resized.pixel(x: 1, y: 0) == [150, 150, 150]) // (90·0.5 + 180·1) / 1.5
        for (source, target) in [(7, 3), (1000, 256), (257, 256), (5, 5)] {
            let weights = AreaWeights(source: source, target: target)
            for span in weights.spans {
                #expect(abs(weights.weights[span.range].reduce(0, +) - 1) < 1e-5)
            }
        }
    }

    @Test func fitsTheLongestSideAndNeverUpscales() {
        let image = RasterImage(width: 1000, height: 400, channels: 4, pixels: [UInt8](repeating: 7, count: 1000 * 400 * 4))
        let fitted = image.downscaled(toFit: 256)
        #expect((fitted.width, fitted.height) == (256, 102))
        #expect(fitted.pixels.allSatisfy { $0 == 7 })
        #expect(image.downscaled(toFit: 2000) == image)
    }

    @Test func alphaFlattensOntoWhite() {
        let image = RasterImage(width: 1, height: 1, channels: 4, pixels: [0, 0, 0, 0]).flattened()
        #expect(image.pixels == [255, 255, 255])
    }
}
