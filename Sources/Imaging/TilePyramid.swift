// A tile pyramid made while the image streams by: 256-px JPEG tiles at full resolution (level 0),
// then at half, a quarter, … down to the level that fits one tile. Rows are decoded 256 at a time;
// each level keeps one band of 256 rows, filled with 2 × 2 averages of the level above as that one
// completes its bands. Memory is two full-width bands (≈ 30 MB for a 20,000-px-wide image), never the
// image.

/// Where a tile sits: its level (0 is full resolution) and its column and row there.
public struct TileAddress: Sendable, Equatable, Hashable {
    public let level: Int
    public let x: Int
    public let y: Int

    public init(level: Int, x: Int, y: Int) {
        (self.level, self.x, self.y) = (level, x, y)
    }
}

public enum TilePyramid {
    public static let tileSize = 256

    /// How many levels an image of this size has: level n is ⌈size / 2ⁿ⌉, and the last fits one tile.
    public static func levels(width: Int, height: Int) -> Int {
        var (w, h, count) = (width, height, 1)
        while w > tileSize || h > tileSize {
            (w, h, count) = ((w + 1) / 2, (h + 1) / 2, count + 1)
        }
        return count
    }

    /// Streams the image (as stored: the caller tiles only images without an EXIF rotation) and hands
    /// out each tile's JPEG as it is made, level by level within each band. Returns the level count.
    @discardableResult
    public static func make(_ bytes: [UInt8], info: ImageInfo, maxPixels: Int, quality: Int = 85,
                            emit: (TileAddress, [UInt8]) throws -> Void) throws -> Int {
        try withoutActuallyEscaping(emit) { emit in try ImageCodec.withRows(bytes, format: info.format, maxPixels: maxPixels) { reader in
            var builder = Builder(width: reader.width, height: reader.height, quality: quality, emit: emit)
            var remaining = reader.height
            while remaining > 0 {
                let rows = min(tileSize, remaining)
                try builder.bands[0].pixels.withUnsafeMutableBufferPointer { band in
                    try reader.read(into: band.baseAddress!, rows: rows)
                }
                builder.bands[0].rows = rows
                try builder.bandFilled(level: 0)
                remaining -= rows
            }
            try builder.finish()
            return builder.bands.count
        } }
    }

    /// One level's band of up to 256 rows, RGB, and which band of the level it is.
    struct Band {
        let width: Int
        let height: Int
        var pixels: [UInt8]
        var rows = 0
        var index = 0

        init(width: Int, height: Int) {
            (self.width, self.height) = (width, height)
            pixels = [UInt8](repeating: 0, count: width * tileSize * 3)
        }
    }

    struct Builder {
        var bands: [Band]
        let quality: Int
        let emit: (TileAddress, [UInt8]) throws -> Void

        init(width: Int, height: Int, quality: Int, emit: @escaping (TileAddress, [UInt8]) throws -> Void) {
            var bands: [Band] = []
            var (w, h) = (width, height)
            for _ in 0..<TilePyramid.levels(width: width, height: height) {
                bands.append(Band(width: w, height: h))
                (w, h) = ((w + 1) / 2, (h + 1) / 2)
            }
            (self.bands, self.quality, self.emit) = (bands, quality, emit)
        }

        /// The band of `level` is full (or the image ended): its tiles go out, and its rows, halved,
        /// go down into the next level's band.
        mutating func bandFilled(level: Int) throws {
            let band = bands[level]
            guard band.rows > 0 else { return }
            try emitTiles(of: band, level: level)
            if level + 1 < bands.count { try halve(band, into: level + 1) }
            bands[level].rows = 0
            bands[level].index += 1
        }

        /// Each 256-px piece of the band as a JPEG.
        func emitTiles(of band: Band, level: Int) throws {
            let size = TilePyramid.tileSize
            for column in 0..<((band.width + size - 1) / size) {
                let left = column * size
                let width = min(size, band.width - left)
                var tile = [UInt8](repeating: 0, count: width * band.rows * 3)
                tile.withUnsafeMutableBufferPointer { out in
                    band.pixels.withUnsafeBufferPointer { source in
                        for row in 0..<band.rows {
                            let from = source.baseAddress! + (row * band.width + left) * 3
                            (out.baseAddress! + row * width * 3).update(from: from, count: width * 3)
                        }
                    }
                }
                let image = RasterImage(width: width, height: band.rows, channels: 3, pixels: tile)
                try emit(TileAddress(level: level, x: column, y: band.index), try ImageCodec.encodeJPEG(image, quality: quality, fast: false))
            }
        }

        /// Appends the band's rows, averaged two by two in both directions, to the next level's band,
        /// handing that one on whenever it fills. An odd last column or row is averaged with itself.
        mutating func halve(_ band: Band, into level: Int) throws {
            let width = bands[level].width
            var row = 0
            while row < band.rows {
                let below = min(row + 1, band.rows - 1)
                let target = bands[level].rows
                bands[level].pixels.withUnsafeMutableBufferPointer { out in
                    band.pixels.withUnsafeBufferPointer { source in
                        let top = source.baseAddress! + row * band.width * 3
                        let bottom = source.baseAddress! + below * band.width * 3
                        let line = out.baseAddress! + target * width * 3
                        for x in 0..<width {
                            let a = 2 * x * 3, b = min(2 * x + 1, band.width - 1) * 3
                            for c in 0..<3 {
                                let sum = Int(top[a + c]) + Int(top[b + c]) + Int(bottom[a + c]) + Int(bottom[b + c])
                                line[x * 3 + c] = UInt8((sum + 2) / 4)
                            }
                        }
                    }
                }
                bands[level].rows += 1
                if bands[level].rows == TilePyramid.tileSize { try bandFilled(level: level) }
                row += 2
            }
        }

        /// The image ended: every level's partial band goes out, from the top down.
        mutating func finish() throws {
            for level in 1..<max(bands.count, 1) { try bandFilled(level: level) }
        }
    }
}
