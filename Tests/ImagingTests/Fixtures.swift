// Test images written for real with libjpeg (the shim's encoder) and libpng (CPNGFixtures).
import CImageCodec
import CPNGFixtures
import Glibc
@testable import Imaging

enum Fixtures {
    static func jpeg(
        width: Int, height: Int, components: Int = 3, pixels: [UInt8], quality: Int = 95,
        progressive: Bool = false, sampling: (Int, Int) = (1, 1), orientation: Int = 0, ycck: Bool = false
    ) -> [UInt8] {
        var options = ic_jpeg_options()
        options.quality = Int32(quality)
        options.progressive = progressive ? 1 : 0
        options.h_sampling = Int32(sampling.0)
        options.v_sampling = Int32(sampling.1)
        options.orientation = Int32(orientation)
        options.cmyk_as_ycck = ycck ? 1 : 0
        var out: UnsafeMutablePointer<UInt8>?
        var size = 0
        var error = ic_error()
        let rc = pixels.withUnsafeBufferPointer {
            ic_jpeg_encode($0.baseAddress, Int32(width), Int32(height), Int32(components), &options, &out, &size, &error)
        }
        precondition(rc == 0, "fixture JPEG failed")
        defer { ic_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: size))
    }

    /// `samples`: one byte per sample up to 8 bits, two big-endian bytes per sample at 16.
    static func png(
        width: Int, height: Int, colorType: Int32, bitDepth: Int32, samples: [UInt8], interlaced: Bool = false,
        palette: [UInt8] = [], trns: [UInt8] = [], trnsColor: [UInt16]? = nil
    ) -> [UInt8] {
        var out: UnsafeMutablePointer<UInt8>?
        var size = 0
        let rc = samples.withUnsafeBufferPointer { s in
            palette.withUnsafeBufferPointer { p in
                trns.withUnsafeBufferPointer { t in
                    func encode(_ key: UnsafePointer<UInt16>?) -> Int32 {
                        fixture_png_encode(s.baseAddress, Int32(width), Int32(height), colorType, bitDepth, interlaced ? 1 : 0,
                                           p.baseAddress, Int32(palette.count / 3), t.baseAddress, Int32(trns.count), key,
                                           &out, &size)
                    }
                    return trnsColor.map { key in key.withUnsafeBufferPointer { encode($0.baseAddress) } } ?? encode(nil)
                }
            }
        }
        precondition(rc == 0, "fixture PNG failed")
        defer { free(out) }
        return Array(UnsafeBufferPointer(start: out, count: size))
    }

    /// RGB `width`×`height`, all `background`, with a `block`×`block` square of `mark` at the top-left.
    static func marked(width: Int, height: Int, block: Int, mark: [UInt8] = [255, 0, 0], background: [UInt8] = [0, 0, 255]) -> [UInt8] {
        var pixels: [UInt8] = []
        for y in 0..<height {
            for x in 0..<width { pixels += (x < block && y < block) ? mark : background }
        }
        return pixels
    }

    static func solid(width: Int, height: Int, _ color: [UInt8]) -> [UInt8] {
        var row: [UInt8] = []
        for _ in 0..<width { row += color }
        var pixels: [UInt8] = []
        pixels.reserveCapacity(row.count * height)
        for _ in 0..<height { pixels += row }  // row copies are memcpy, fast even in debug builds
        return pixels
    }

    static func crc32(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}

/// True when every channel of `pixel` is within `tolerance` of `expected` (JPEG is lossy).
func near(_ pixel: [UInt8], _ expected: [UInt8], tolerance: Int = 12) -> Bool {
    zip(pixel, expected).allSatisfy { abs(Int($0) - Int($1)) <= tolerance }
}
