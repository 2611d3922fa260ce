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
            pixels = try Imaging.modelSample([UInt8](data), region: sample.crop.map { SampleRegion(x: $0.x, y: $0.y, width: $0.width, height: $0.height) }, side: side)
        } catch {
            throw TrainingError.unreadableImage(imageID: sample.imageID, reason: "\(error)")
        }
        cache.write(pixels, sha256: sample.sha256, crop: cropKey, side: side)
        return pixels
    }
}
