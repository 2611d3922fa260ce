// `loupe thumbnail FILE...`: make thumbnails the way uploads do, timed, on one thread.
import ArgumentParser
import Foundation
import Imaging

struct Thumbnail: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make thumbnails of image files exactly as uploads do, and report images/s (one thread).")

    @Argument(help: "JPEG or PNG files.") var files: [String]
    @Option(help: "Directory for the thumbnails.") var out: String
    @Option(help: "Longest side in pixels.") var maxSide = 256
    @Option(help: "JPEG quality.") var quality = 85
    @Flag(help: "Also write the thumbnail's pixels before JPEG encoding, as binary PPM (for quality checks).")
    var ppm = false

    func run() throws {
        Imaging.tuneAllocatorForRepeatedDecodes()
        let directory = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let inputs = try files.map { try [UInt8](Data(contentsOf: URL(fileURLWithPath: $0))) }  // read first: time decoding, not disk
        var failures = 0
        let clock = ContinuousClock()
        var outputs: [(name: String, jpeg: [UInt8], image: RasterImage)] = []
        let elapsed = clock.measure {
            for (path, bytes) in zip(files, inputs) {
                do {
                    let info = try Imaging.inspect(bytes)
                    let image = try Imaging.thumbnail(bytes, info: info, maxSide: maxSide)
                    outputs.append((URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent,
                                    try Imaging.encodeJPEG(image, quality: quality), image))
                } catch {
                    failures += 1
                    FileHandle.standardError.write(Data("\(path): \(error)\n".utf8))
                }
            }
        }
        for output in outputs {
            try Data(output.jpeg).write(to: directory.appendingPathComponent(output.name + ".jpg"))
            if ppm {
                let header = Array("P6\n\(output.image.width) \(output.image.height)\n255\n".utf8)
                try Data(header + output.image.pixels).write(to: directory.appendingPathComponent(output.name + ".ppm"))
            }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("\(outputs.count) thumbnails in \(String(format: "%.3f", seconds)) s: \(String(format: "%.1f", Double(outputs.count) / seconds)) images/s, \(failures) failed")
        if failures > 0 { throw ExitCode(1) }
    }
}
