// The only Swift file that calls the C shim: bytes in, pixels or errors out.
import CImageCodec

enum ImageCodec {
    /// Header facts as stored in the file.
    struct Header {
        let width: Int
        let height: Int
        let bitDepth: Int
        let progressive: Bool
    }

    static func header(_ bytes: [UInt8], format: ImageFormat) throws -> Header {
        var info = ic_info()
        try call { error in
            bytes.withUnsafeBufferPointer { buffer in
                format == .jpeg ? ic_jpeg_info(buffer.baseAddress, buffer.count, &info, &error)
                                : ic_png_info(buffer.baseAddress, buffer.count, &info, &error)
            }
        }
        return Header(width: Int(info.width), height: Int(info.height), bitDepth: Int(info.bit_depth),
                      progressive: info.progressive != 0)
    }

    /// JPEG at `scaleEighths`/8 of full size, as RGB.
    static func decodeJPEG(_ bytes: [UInt8], scaleEighths: Int, fast: Bool, maxPixels: Int) throws -> RasterImage {
        var pixels: UnsafeMutablePointer<UInt8>?
        var width: Int32 = 0, height: Int32 = 0
        try call { error in
            bytes.withUnsafeBufferPointer { buffer in
                ic_jpeg_decode(buffer.baseAddress, buffer.count, Int32(scaleEighths), fast ? 1 : 0, Int64(maxPixels),
                               &pixels, &width, &height, &error)
            }
        }
        return adopt(pixels, width: Int(width), height: Int(height), channels: 3)
    }

    static func decodePNG(_ bytes: [UInt8], maxPixels: Int) throws -> RasterImage {
        var pixels: UnsafeMutablePointer<UInt8>?
        var width: Int32 = 0, height: Int32 = 0, channels: Int32 = 0
        try call { error in
            bytes.withUnsafeBufferPointer { buffer in
                ic_png_decode(buffer.baseAddress, buffer.count, Int64(maxPixels), &pixels, &width, &height, &channels, &error)
            }
        }
        return adopt(pixels, width: Int(width), height: Int(height), channels: Int(channels))
    }

    static func encodeJPEG(_ image: RasterImage, quality: Int, fast: Bool) throws -> [UInt8] {
        precondition(image.channels == 3, "flatten alpha before encoding JPEG")
        var options = ic_jpeg_options()
        options.quality = Int32(quality)
        options.h_sampling = 2
        options.v_sampling = 2
        options.fast = fast ? 1 : 0
        var out: UnsafeMutablePointer<UInt8>?
        var size = 0
        try call { error in
            image.pixels.withUnsafeBufferPointer { buffer in
                ic_jpeg_encode(buffer.baseAddress, Int32(image.width), Int32(image.height), 3, &options, &out, &size, &error)
            }
        }
        defer { ic_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: size))
    }

    /// An image read a few rows at a time, as 8-bit RGB (see `withRows`).
    final class RowReader {
        let width: Int
        let height: Int
        private let next: (UnsafeMutablePointer<UInt8>, Int32, inout ic_error) -> Int32

        fileprivate init(width: Int, height: Int, next: @escaping (UnsafeMutablePointer<UInt8>, Int32, inout ic_error) -> Int32) {
            (self.width, self.height, self.next) = (width, height, next)
        }

        /// The next `rows` rows into `buffer` (rows × width × 3 bytes).
        func read(into buffer: UnsafeMutablePointer<UInt8>, rows: Int) throws {
            try call { error in next(buffer, Int32(rows), &error) }
        }
    }

    /// Runs `body` with a reader of `bytes` row by row; the bytes stay pinned while it runs.
    static func withRows<T>(_ bytes: [UInt8], format: ImageFormat, maxPixels: Int, _ body: (RowReader) throws -> T) throws -> T {
        try bytes.withUnsafeBufferPointer { buffer in
            var width: Int32 = 0, height: Int32 = 0
            switch format {
            case .jpeg:
                var rows: OpaquePointer?
                try call { error in ic_jpeg_rows_open(buffer.baseAddress, buffer.count, Int64(maxPixels), &rows, &width, &height, &error) }
                defer { ic_jpeg_rows_close(rows) }
                return try body(RowReader(width: Int(width), height: Int(height)) { ic_jpeg_rows_read(rows, $0, $1, &$2) })
            case .png:
                var rows: OpaquePointer?
                try call { error in ic_png_rows_open(buffer.baseAddress, buffer.count, Int64(maxPixels), &rows, &width, &height, &error) }
                defer { ic_png_rows_close(rows) }
                return try body(RowReader(width: Int(width), height: Int(height)) { ic_png_rows_read(rows, $0, $1, &$2) })
            }
        }
    }

    /// Copies the shim's malloc'd pixels into Swift memory and frees them.
    private static func adopt(_ pixels: UnsafeMutablePointer<UInt8>?, width: Int, height: Int, channels: Int) -> RasterImage {
        defer { ic_free(pixels) }
        let count = width * height * channels
        return RasterImage(width: width, height: height, channels: channels,
                           pixels: Array(UnsafeBufferPointer(start: pixels, count: count)))
    }

    /// Runs a shim call and turns its -1 and `ic_error` into an `ImagingError`.
    fileprivate static func call(_ body: (inout ic_error) -> Int32) throws {
        var error = ic_error()
        guard body(&error) != 0 else { return }
        let message = withUnsafeBytes(of: error.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        throw switch Int(error.code) {
        case IC_ERR_TRUNCATED: ImagingError.truncated
        case IC_ERR_NO_MEMORY: ImagingError.outOfMemory
        case IC_ERR_UNSUPPORTED: ImagingError.corrupt("an unsupported variant (\(message))")
        default: ImagingError.corrupt(message)  // IC_ERR_TOO_LARGE too: Imaging.inspect checks the limit first
        }
    }
}
