// The tile pyramid, made row by row: every level's tiles, their sizes and their pixels against the
// image decoded whole and averaged down, for JPEG and PNG (transparent, and interlaced refused).
import CPNGFixtures
import Testing
@testable import Imaging

@Suite struct TilePyramidTests {
    /// A smooth RGB pattern, so JPEG keeps it close and averages are easy to predict.
    static func pattern(width: Int, height: Int) -> [UInt8] {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let i = (y * width + x) * 3
                pixels[i] = UInt8(x * 255 / (width - 1))
                pixels[i + 1] = UInt8(y * 255 / (height - 1))
                pixels[i + 2] = UInt8((x + y) * 255 / (width + height))
            }
        }
        return pixels
    }

    static func tiles(of bytes: [UInt8]) throws -> [TileAddress: RasterImage] {
        var tiles: [TileAddress: RasterImage] = [:]
        try TilePyramid.make(bytes, info: Imaging.inspect(bytes), maxPixels: 1 << 30) { address, jpeg in
            #expect(tiles[address] == nil, "each tile once")
            tiles[address] = try Imaging.decode(jpeg)
        }
        return tiles
    }

    @Test func levelsGoDownToOneTile() {
        #expect(TilePyramid.levels(width: 256, height: 256) == 1)
        #expect(TilePyramid.levels(width: 600, height: 520) == 3)
        #expect(TilePyramid.levels(width: 20_000, height: 20_000) == 8)  // 20000 → … → 157
    }

    @Test func everyLevelIsCutIntoTilesThatMatchTheImageAveragedDown() throws {
        // Given a 600 × 520 JPEG (levels 600 × 520, 300 × 260, 150 × 130)
        let (width, height) = (600, 520)
        let source = Self.pattern(width: width, height: height)
        let bytes = Fixtures.jpeg(width: width, height: height, pixels: source, quality: 98)
        let tiles = try Self.tiles(of: bytes)
        // Then level 0 has 3 × 3 tiles, level 1 2 × 2, level 2 one; edge tiles are cut to the image
        #expect(tiles.keys.filter { $0.level == 0 }.count == 9 && tiles.keys.filter { $0.level == 1 }.count == 4)
        #expect(tiles.keys.filter { $0.level == 2 } == [TileAddress(level: 2, x: 0, y: 0)])
        #expect(tiles[TileAddress(level: 0, x: 2, y: 2)].map { [$0.width, $0.height] } == [88, 8])
        #expect(tiles[TileAddress(level: 1, x: 1, y: 1)].map { [$0.width, $0.height] } == [44, 4])
        #expect(tiles[TileAddress(level: 2, x: 0, y: 0)].map { [$0.width, $0.height] } == [150, 130])
        // And the pixels agree with the whole decode, averaged 2ⁿ × 2ⁿ (within JPEG's rounding)
        let whole = try Imaging.decode(bytes)
        for (address, tile) in tiles {
            let step = 1 << address.level
            for (tx, ty) in [(0, 0), (tile.width / 2, tile.height / 2), (tile.width - 1, tile.height - 1)] {
                let (ix, iy) = ((address.x * 256 + tx) * step, (address.y * 256 + ty) * step)
                var mean = [0, 0, 0], count = 0
                for y in iy..<min(iy + step, height) { for x in ix..<min(ix + step, width) {
                    for c in 0..<3 { mean[c] += Int(whole.pixel(x: x, y: y)[c]) }
                    count += 1
                } }
                let expected = mean.map { $0 / count }
                let got = tile.pixel(x: tx, y: ty).map(Int.init)
                #expect(zip(expected, got).allSatisfy { abs($0 - $1) <= 6 }, "\(address) at \(tx),\(ty): \(got) vs \(expected)")
            }
        }
    }

    @Test func pngsStreamToo_transparencyOverWhite_interlacedRefused() throws {
        // A 300 × 270 RGBA PNG whose left half is fully transparent
        let (width, height) = (300, 270)
        var samples = [UInt8](repeating: 0, count: width * height * 4)
        for i in 0..<(width * height) { samples[i * 4] = 200; samples[i * 4 + 3] = (i % width) < 150 ? 0 : 255 }
        let bytes = Fixtures.png(width: width, height: height, colorType: 6, bitDepth: 8, samples: samples)
        let tiles = try Self.tiles(of: bytes)
        #expect(tiles.count == 4 + 1)
        let corner = try #require(tiles[TileAddress(level: 0, x: 0, y: 0)])
        #expect(corner.pixel(x: 10, y: 10).allSatisfy { $0 > 245 }, "transparent shows white")
        #expect(abs(Int(corner.pixel(x: 200, y: 10)[0]) - 200) < 6 && corner.pixel(x: 200, y: 10)[1] < 8)
        let interlaced = Fixtures.png(width: width, height: height, colorType: 6, bitDepth: 8, samples: samples, interlaced: true)
        #expect(throws: ImagingError.self) { try Self.tiles(of: interlaced) }
    }

    @Test func aTruncatedJPEGFailsAndHandsOutNoTileFromThePartItCouldNotRead() throws {
        let bytes = Fixtures.jpeg(width: 600, height: 600, pixels: Self.pattern(width: 600, height: 600))
        var addresses: [TileAddress] = []
        #expect(throws: ImagingError.self) {
            try TilePyramid.make(Array(bytes.prefix(bytes.count / 2)), info: Imaging.inspect(bytes), maxPixels: 1 << 30) { address, _ in
                addresses.append(address)
            }
        }
        #expect(addresses.allSatisfy { $0.level == 0 && $0.y == 0 }, "at most the first band's tiles, before the data ran out")
    }
}
