// Turns a detection image into a letterboxed side × side RGB input (through the sample cache) and
// its boxes into input pixels, with class indices.
import Foundation
import Imaging
import Store
import Tensor

struct DetectionSampleLoader {
    let dataDirectory: URL
    let cache: SampleCache
    let side: Int

    init(dataDirectory: URL, side: Int) {
        self.dataDirectory = dataDirectory
        self.cache = SampleCache(dataDirectory: dataDirectory)
        self.side = side
    }

    func sample(for image: DetectionImage, classIndex: [Int64: Int]) throws -> (imageID: Int64, pixels: [UInt8], boxes: [DetectionBox]) {
        let letterbox = Letterbox(imageWidth: image.width, imageHeight: image.height, side: side)
        let boxes = image.boxes.map { box in
            letterbox.toInput(DetectionBox(classIndex: classIndex[box.labelID] ?? 0, x: Float(box.x), y: Float(box.y),
                                           width: Float(box.width), height: Float(box.height)))
        }
        if let cached = cache.read(sha256: image.sha256, crop: "letterbox", side: side) { return (image.imageID, cached, boxes) }
        let path = dataDirectory.appendingPathComponent(image.originalPath).path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TrainingError.unreadableImage(imageID: image.imageID, reason: "its file \(image.originalPath) is missing")
        }
        let pixels: [UInt8]
        do {
            let bytes = [UInt8](data)
            // Decoded only as large as needed (JPEG DCT scaling), then resampled into the square.
            let raster = try Imaging.reduced(bytes, toFit: side * 2, info: try Imaging.inspect(bytes))
            pixels = raster.letterboxed(side: side, left: letterbox.left, top: letterbox.top,
                                        width: letterbox.scaledWidth, height: letterbox.scaledHeight).pixels
        } catch {
            throw TrainingError.unreadableImage(imageID: image.imageID, reason: "\(error)")
        }
        cache.write(pixels, sha256: image.sha256, crop: "letterbox", side: side)
        return (image.imageID, pixels, boxes)
    }
}
