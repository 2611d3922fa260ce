// Broken and hostile files are refused with a clear error, before any large allocation.
import Testing
@testable import Imaging

@Suite struct BadInputTests {
    let goodJPEG = Fixtures.jpeg(width: 64, height: 48, pixels: Fixtures.solid(width: 64, height: 48, [9, 99, 199]))
    let goodPNG = Fixtures.png(width: 32, height: 32, colorType: 2, bitDepth: 8, samples: [UInt8](repeating: 120, count: 32 * 32 * 3))

    @Test func emptyRandomAndText() {
        #expect(throws: ImagingError.empty) { try Imaging.inspect([]) }
        var rng = SystemRandomNumberGenerator()
        let random = (0..<4096).map { _ in UInt8.random(in: 1...255, using: &rng) }
        #expect(throws: ImagingError.self) { try Imaging.decode([0x42] + random) }
        #expect(throws: ImagingError.unsupportedFormat(detected: nil)) { try Imaging.inspect(Array("hello, I am cat.jpg".utf8)) }
        #expect(throws: ImagingError.unsupportedFormat(detected: "GIF")) { try Imaging.inspect(Array("GIF89a....".utf8)) }
    }

    @Test func truncatedFiles() {
        // Cut inside the compressed data of a larger image, and before the scan starts
        let photo = Fixtures.jpeg(width: 300, height: 200, pixels: Fixtures.marked(width: 300, height: 200, block: 100))
        #expect(throws: ImagingError.truncated) { try Imaging.decode(Array(photo.prefix(photo.count * 3 / 4))) }
        #expect(throws: ImagingError.truncated) { try Imaging.decode(Array(goodJPEG.prefix(goodJPEG.count / 2))) }
        #expect(throws: ImagingError.truncated) { try Imaging.decode(Array(goodPNG.prefix(goodPNG.count - 20))) }
        // Cut inside the header: also refused, whatever the message
        #expect(throws: ImagingError.self) { try Imaging.inspect(Array(goodJPEG.prefix(10))) }
        #expect(throws: ImagingError.self) { try Imaging.inspect(Array(goodPNG.prefix(20))) }
    }

    @Test func brokenPNGChecksum() {
        var broken = goodPNG
        broken[29] ^= 0xFF  // inside IHDR's CRC
        #expect(throws: ImagingError.self) { try Imaging.inspect(broken) }
        var brokenData = goodPNG
        brokenData[brokenData.count - 20] ^= 0x55  // inside IDAT
        #expect(throws: ImagingError.self) { try Imaging.decode(brokenData) }
    }

    @Test func jpegClaiming65000Squared() throws {
        // Given a small JPEG whose frame header claims 65000×65000
        var bytes = goodJPEG
        let sof = try #require((2..<bytes.count - 8).first { bytes[$0] == 0xFF && (bytes[$0 + 1] == 0xC0 || bytes[$0 + 1] == 0xC2) })
        bytes[sof + 5] = 0xFD; bytes[sof + 6] = 0xE8   // height 65000
        bytes[sof + 7] = 0xFD; bytes[sof + 8] = 0xE8   // width 65000
        // Then it is refused from the header, naming the size and the limit
        #expect(throws: ImagingError.tooLarge(width: 65000, height: 65000, limit: Imaging.defaultMaxPixels)) {
            try Imaging.decode(bytes)
        }
    }

    @Test func pngClaiming60000Squared() {
        // Given a small PNG whose IHDR (with a valid CRC) claims 60000×60000
        var bytes = goodPNG
        let size: [UInt8] = [0x00, 0x00, 0xEA, 0x60]
        bytes.replaceSubrange(16..<20, with: size)
        bytes.replaceSubrange(20..<24, with: size)
        let crc = Fixtures.crc32(bytes[12..<29])
        bytes.replaceSubrange(29..<33, with: [UInt8(crc >> 24), UInt8(crc >> 16 & 0xFF), UInt8(crc >> 8 & 0xFF), UInt8(crc & 0xFF)])
        #expect(throws: ImagingError.tooLarge(width: 60000, height: 60000, limit: Imaging.defaultMaxPixels)) {
            try Imaging.decode(bytes)
        }
        // And a lower limit applies the same way
        #expect(throws: ImagingError.tooLarge(width: 32, height: 32, limit: 1000)) { try Imaging.decode(goodPNG, maxPixels: 1000) }
    }
}
