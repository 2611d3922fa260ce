// PNG variants: every colour type, depths 1–16, palettes with tRNS, Adam7 interlacing — exact values.
import Testing
@testable import Imaging

@Suite struct PNGDecodeTests {
    // libpng colour types
    static let gray: Int32 = 0, rgb: Int32 = 2, palette: Int32 = 3, grayAlpha: Int32 = 4, rgba: Int32 = 6

    @Test(arguments: [(Int32(1), UInt8(1), UInt8(255)), (2, 1, 85), (4, 5, 85), (8, 77, 77)])
    func lowDepthGrayExpandsToFullRange(_ depth: Int32, _ sample: UInt8, _ expected: UInt8) throws {
        let bytes = Fixtures.png(width: 9, height: 3, colorType: Self.gray, bitDepth: depth,
                                 samples: [UInt8](repeating: sample, count: 27))
        let image = try Imaging.decode(bytes)
        #expect(image.channels == 3 && image.width == 9)
        #expect(image.pixel(x: 8, y: 2) == [expected, expected, expected])
    }

    @Test func sixteenBitScalesWithoutGammaSurprises() throws {
        // 0x8080 is exactly 128/255 of full scale; an assumed-linear conversion would brighten it
        let gray16 = Fixtures.png(width: 2, height: 2, colorType: Self.gray, bitDepth: 16, samples: [UInt8](repeating: 0x80, count: 8))
        #expect(try Imaging.decode(gray16).pixel(x: 1, y: 1) == [128, 128, 128])
        let rgb16 = Fixtures.png(width: 1, height: 1, colorType: Self.rgb, bitDepth: 16, samples: [0xFF, 0xFF, 0x00, 0x00, 0x40, 0x40])
        #expect(try Imaging.decode(rgb16).pixel(x: 0, y: 0) == [255, 0, 64])
        let rgba16 = Fixtures.png(width: 1, height: 1, colorType: Self.rgba, bitDepth: 16,
                                  samples: [0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0x80, 0x80])
        #expect(try Imaging.decode(rgba16).pixel(x: 0, y: 0) == [255, 0, 0, 128])
    }

    @Test func grayAlphaAndRGBA() throws {
        let ga = Fixtures.png(width: 1, height: 1, colorType: Self.grayAlpha, bitDepth: 8, samples: [200, 50])
        #expect(try Imaging.decode(ga).pixel(x: 0, y: 0) == [200, 200, 200, 50])
        let rgba = Fixtures.png(width: 1, height: 1, colorType: Self.rgba, bitDepth: 8, samples: [1, 2, 3, 4])
        #expect(try Imaging.decode(rgba).pixel(x: 0, y: 0) == [1, 2, 3, 4])
    }

    @Test(arguments: [Int32(1), 2, 4, 8])
    func palettesWithAndWithoutTransparency(_ depth: Int32) throws {
        let colors: [UInt8] = [10, 20, 30, 200, 100, 0]
        let opaque = Fixtures.png(width: 4, height: 1, colorType: Self.palette, bitDepth: depth, samples: [0, 1, 1, 0], palette: colors)
        let image = try Imaging.decode(opaque)
        #expect(image.channels == 3)
        #expect(image.pixel(x: 1, y: 0) == [200, 100, 0])
        let transparent = Fixtures.png(width: 4, height: 1, colorType: Self.palette, bitDepth: depth, samples: [0, 1, 1, 0],
                                       palette: colors, trns: [0, 255])
        let withAlpha = try Imaging.decode(transparent)
        #expect(withAlpha.channels == 4)
        #expect(withAlpha.pixel(x: 0, y: 0) == [10, 20, 30, 0])
        #expect(withAlpha.pixel(x: 2, y: 0) == [200, 100, 0, 255])
    }

    @Test func colorKeyTransparencyBecomesAlpha() throws {
        let bytes = Fixtures.png(width: 2, height: 1, colorType: Self.rgb, bitDepth: 8, samples: [9, 9, 9, 1, 2, 3], trnsColor: [9, 9, 9])
        let image = try Imaging.decode(bytes)
        #expect(image.pixel(x: 0, y: 0) == [9, 9, 9, 0])
        #expect(image.pixel(x: 1, y: 0) == [1, 2, 3, 255])
    }

    @Test func interlacedMatchesNonInterlaced() throws {
        var samples: [UInt8] = []
        for y in 0..<13 { for x in 0..<11 { samples += [UInt8(x * 20), UInt8(y * 19), UInt8((x + y) * 7)] } }
        let plain = Fixtures.png(width: 11, height: 13, colorType: Self.rgb, bitDepth: 8, samples: samples)
        let adam7 = Fixtures.png(width: 11, height: 13, colorType: Self.rgb, bitDepth: 8, samples: samples, interlaced: true)
        #expect(try Imaging.inspect(adam7).progressive)
        #expect(try Imaging.decode(adam7) == Imaging.decode(plain))
        #expect(try Imaging.decode(plain).pixels == samples)
    }
}
