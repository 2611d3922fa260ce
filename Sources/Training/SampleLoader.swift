// Turns a training sample (an image, maybe a box in it) into side×side RGB bytes, through the cache.
import FileStore
import Foundation
import Imaging
import Store

public struct SampleLoader: Sendable {
    /// Where originals come from: this machine's disk, or the shared bucket (fetched once per sample,
    /// since the decoded pixels are what the cache keeps).
    public let files: ContentStore
    public let cache: SampleCache
    public let side: Int

    public init(files: ContentStore, side: Int) {
        self.files = files
        self.cache = SampleCache(dataDirectory: files.dataDirectory)
        self.side = side
    }

    public func pixels(for sample: TrainingSample) throws -> [UInt8] {
        let cropKey = sample.crop.map { String(format: "%.0f_%.0f_%.0f_%.0f", $0.x, $0.y, $0.width, $0.height) } ?? ""
        return try cachedPixels(sha256: sample.sha256, key: cropKey, originalPath: sample.originalPath, imageID: sample.imageID) { bytes in
            try Imaging.modelSample(bytes, region: sample.crop.map { SampleRegion(x: $0.x, y: $0.y, width: $0.width, height: $0.height) }, side: side)
        }
    }

    /// The cached pixels for (`sha256`, `key`, side), else `make` of the original file's bytes, cached.
    /// A missing or undecodable file is the image's error, named.
    func cachedPixels(sha256: String, key: String, originalPath: String, imageID: Int64,
                      make: ([UInt8]) throws -> [UInt8]) throws -> [UInt8] {
        if let cached = cache.read(sha256: sha256, crop: key, side: side) { return cached }
        let data: [UInt8]
        do {
            data = try readWaitingForTheStore(originalPath)
        } catch FileStoreError.missing {
            throw TrainingError.unreadableImage(imageID: imageID, reason: "its file \(originalPath) is missing")
        }
        let pixels: [UInt8]
        do {
            pixels = try make(data)
        } catch {
            throw TrainingError.unreadableImage(imageID: imageID, reason: "\(error)")
        }
        cache.write(pixels, sha256: sha256, crop: key, side: side)
        return pixels
    }

    /// A bucket that is restarting costs a training run a pause, not its result: reads are tried
    /// again for up to `storePatience` seconds before the error stands.
    private func readWaitingForTheStore(_ path: String) throws -> [UInt8] {
        let started = Date()
        while true {
            do {
                return try files.read(path)
            } catch FileStoreError.objectStoreUnavailable where -started.timeIntervalSinceNow < Self.storePatience {
                Thread.sleep(forTimeInterval: 1)
            }
        }
    }

    static let storePatience: TimeInterval = 60
}
