// JPEG variants decode to the right size and colours: sampling, progressive, gray, CMYK, YCCK.
import Testing
@testable import Imaging

@Suite struct JPEGDecodeTests {
    static let orange: [UInt8] = [240, 140, 20]

    @Test(arguments: [(1, 1), (2, 1), (2, 2)])
    func chromaSubsamplings(_ sampling: (Int, Int)) throws {
        // Given a 4:4:4, 4:2:2 or 4:2:0 JPEG of one colour
        let bytes = Fixtures.jpeg(width: 33, height: 17, pixels: Fixtures.solid(width: 33, height: 17, Self.orange), sampling: sampling)
        // When it is decoded
        let image = try Imaging.decode(bytes)
        // Then size and colour survive
        #expect(image.width == 33 && image.height == 17 && image.channels == 3)
        #expect(near(image.pixel(x: 16, y: 8), Self.orange))
    }

    @Test func progressive() throws {
        let bytes = Fixtures.jpeg(width: 40, height: 30, pixels: Fixtures.solid(width: 40, height: 30, Self.orange), progressive: true)
        let info = try Imaging.inspect(bytes)
        #expect(info.progressive && info.format == .jpeg)
        #expect(near(try Imaging.decode(bytes).pixel(x: 20, y: 15), Self.orange))
    }

    @Test func grayscaleBecomesRGB() throws {
        let bytes = Fixtures.jpeg(width: 16, height: 16, components: 1, pixels: [UInt8](repeating: 100, count: 256))
        let image = try Imaging.decode(bytes)
        #expect(image.channels == 3)
        #expect(near(image.pixel(x: 8, y: 8), [100, 100, 100], tolerance: 3))
    }

    @Test(arguments: [false, true])
    func adobeCMYKAndYCCK(_ ycck: Bool) throws {
        // Given ink values for pure red (no cyan, full magenta and yellow, no black), stored inverted
        // with an Adobe marker as Photoshop writes them
        let red: [UInt8] = [0, 255, 255, 0]
        let bytes = Fixtures.jpeg(width: 16, height: 16, components: 4, pixels: Fixtures.solid(width: 16, height: 16, red), ycck: ycck)
        // Then they decode to red, not to a negative
        #expect(near(try Imaging.decode(bytes).pixel(x: 8, y: 8), [255, 0, 0], tolerance: 16))
    }

    @Test func dctScalingDecodesNoMoreThanNeeded() throws {
        // Given a 2000×1200 photo-sized JPEG
        let bytes = Fixtures.jpeg(width: 2000, height: 1200, pixels: Fixtures.solid(width: 2000, height: 1200, Self.orange), quality: 80)
        let info = try Imaging.inspect(bytes)
        // When a 256-px thumbnail is made
        let thumbnail = try Imaging.thumbnail(bytes, info: info)
        // Then libjpeg was asked for 2/8 scale (500×300, the smallest ≥ 256), not the full image
        #expect(Imaging.jpegScale(longestSide: 2000, target: 256) == 2)
        #expect(thumbnail.width == 256 && thumbnail.height == 154)
        #expect(near(thumbnail.pixel(x: 128, y: 77), Self.orange))
    }

    @Test func scaleChoice() {
        #expect(Imaging.jpegScale(longestSide: 4000, target: 256) == 1)
        #expect(Imaging.jpegScale(longestSide: 2048, target: 256) == 1)
        #expect(Imaging.jpegScale(longestSide: 1000, target: 256) == 3)
        #expect(Imaging.jpegScale(longestSide: 200, target: 256) == 8)
    }
}
