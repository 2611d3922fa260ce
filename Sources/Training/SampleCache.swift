// Decoded, resized samples on disk, keyed by the image's sha256 (and crop): later epochs and later
// jobs read side×side×3 bytes instead of decoding the photo again.
import Foundation

public struct SampleCache: Sendable {
    public let directory: URL

    /// `data/cache/samples`
    public init(dataDirectory: URL) {
        directory = dataDirectory.appendingPathComponent("cache/samples")
    }

    func url(sha256: String, crop: String, side: Int) -> URL {
        directory.appendingPathComponent("\(side)/\(sha256.prefix(2))/\(sha256)\(crop.isEmpty ? "" : "-" + crop).rgb")
    }

    /// The cached bytes when present and whole.
    func read(sha256: String, crop: String, side: Int) -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: url(sha256: sha256, crop: crop, side: side).path),
              data.count == side * side * 3 else { return nil }
        return [UInt8](data)
    }

    /// Written to a temporary name and renamed, so a reader never sees half a sample. A failed
    /// write only costs a decode next time.
    func write(_ bytes: [UInt8], sha256: String, crop: String, side: Int) {
        let target = url(sha256: sha256, crop: crop, side: side)
        let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(UUID().uuidString).tmp")
        do {
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: temporary)
            _ = try FileManager.default.replaceItemAt(target, withItemAt: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
        }
    }
}
