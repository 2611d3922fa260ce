// Turns a training sample (an image, maybe a box in it) into side×side RGB bytes, through the cache.
import Foundation
import Imaging
import Store

public struct SampleLoader: Sendable {
    public let dataDirectory: URL
    public let cache: SampleCache
    public let side: Int

    public init(dataDirectory: URL, side: Int) {
        self.dataDirectory = dataDirectory
        self.cache = SampleCache(dataDirectory: dataDirectory)
        self.side = side
    }

    public func pixels(for sample: TrainingSample) throws -> [UInt8] {
        let cropKey = sample.crop.map { String(format: "%.0f_%.0f_%.0f_%.0f", $0.x, $0.y, $0.width, $0.height) } ?? ""
        if let cached = cache.read(sha256: sample.sha256, crop: cropKey, side: side) { return cached }
        let path = dataDirectory.appendingPathComponent(sample.originalPath).path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TrainingError.unreadableImage(imageID: sample.imageID, reason: "its file \(sample.originalPath) is missing")
        }
        let pixels: [UInt8]
        do {
            pixels = try Self.sample(bytes: [UInt8](data), crop: sample.crop, side: side)
        } catch {
            throw TrainingError.unreadableImage(imageID: sample.imageID, reason: "\(error)")
        }
        cache.write(pixels, sha256: sample.sha256, crop: cropKey, side: side)
        return pixels
    }

    /// Decode (as displayed), crop, resample. A whole image is decoded only as large as needed.
    public static func sample(bytes: [UInt8], crop: TrainingSample.Crop?, side: Int) throws -> [UInt8] {
        let info = try Imaging.inspect(bytes)
        let image: RasterImage
        if let crop {
            image = try Imaging.decode(bytes).cropped(x: crop.x, y: crop.y, width: crop.width, height: crop.height)
        } else {
            image = try Imaging.reduced(bytes, toFit: side * 2, info: info)
        }
        return image.sample(side: side).pixels
    }
}
