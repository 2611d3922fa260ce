// The 8 EXIF orientations: displayed size and which corner the stored top-left lands in.
import Testing
@testable import Imaging

@Suite struct OrientationTests {
    enum Corner { case topLeft, topRight, bottomRight, bottomLeft }

    static let cases: [(Int, Corner)] = [
        (1, .topLeft), (2, .topRight), (3, .bottomRight), (4, .bottomLeft),
        (5, .topLeft), (6, .topRight), (7, .bottomRight), (8, .bottomLeft),
    ]

    @Test(arguments: cases)
    func storedTopLeftLandsWhereAPersonSeesIt(_ orientation: Int, _ corner: Corner) throws {
        // Given a 48×32 JPEG, blue with a red 8×8 block stored at its top-left, tagged with the orientation
        let bytes = Fixtures.jpeg(width: 48, height: 32, pixels: Fixtures.marked(width: 48, height: 32, block: 8),
                                  orientation: orientation)
        // When it is inspected and decoded
        let info = try Imaging.inspect(bytes)
        let image = try Imaging.decode(bytes)
        // Then width and height are as displayed
        let swapped = orientation >= 5
        #expect(info.orientation.rawValue == orientation)
        #expect((info.width, info.height) == (swapped ? (32, 48) : (48, 32)))
        #expect((image.width, image.height) == (info.width, info.height))
        // And the red block sits in the expected corner, and only there
        let inset = 3
        let corners: [Corner: (Int, Int)] = [
            .topLeft: (inset, inset), .topRight: (image.width - 1 - inset, inset),
            .bottomRight: (image.width - 1 - inset, image.height - 1 - inset), .bottomLeft: (inset, image.height - 1 - inset),
        ]
        for (name, (x, y)) in corners {
            let expected: [UInt8] = name == corner ? [255, 0, 0] : [0, 0, 255]
            #expect(near(image.pixel(x: x, y: y), expected, tolerance: 40), "orientation \(orientation), corner \(name)")
        }
    }

    @Test func exifInLittleEndianAndMissing() {
        // II byte order, IFD0 with one Orientation entry = 6
        let tiff: [UInt8] = [0x49, 0x49, 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0]
        #expect(ExifOrientation.orientation(inTIFF: tiff) == .rotated90)
        #expect(ExifOrientation.orientation(inTIFF: Array(tiff.prefix(9))) == nil)
        let plain = Fixtures.jpeg(width: 8, height: 8, pixels: Fixtures.solid(width: 8, height: 8, [1, 2, 3]))
        #expect(ExifOrientation.read(fromJPEG: plain) == .up)
    }
}
