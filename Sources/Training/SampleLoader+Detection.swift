// A detection image as a detector's input: letterboxed into the side × side square (through the
// sample cache), its boxes moved into input pixels with class indices.
import Imaging
import Store
import Tensor

extension SampleLoader {
    func letterboxed(_ image: DetectionImage, classIndex: [Int64: Int]) throws -> (imageID: Int64, pixels: [UInt8], boxes: [DetectionBox]) {
        let letterbox = Letterbox(imageWidth: image.width, imageHeight: image.height, side: side)
        let boxes = image.boxes.map { box in
            letterbox.toInput(DetectionBox(classIndex: classIndex[box.labelID] ?? 0, x: Float(box.x), y: Float(box.y),
                                           width: Float(box.width), height: Float(box.height)))
        }
        let pixels = try cachedPixels(sha256: image.sha256, key: "letterbox", originalPath: image.originalPath, imageID: image.imageID) { bytes in
            try Self.letterboxed(bytes, letterbox)
        }
        return (image.imageID, pixels, boxes)
    }

    /// An encoded image in `letterbox`'s square: decoded only as large as needed (JPEG DCT scaling),
    /// then resampled into it.
    public static func letterboxed(_ bytes: [UInt8], _ letterbox: Letterbox) throws -> [UInt8] {
        let raster = try Imaging.reduced(bytes, toFit: letterbox.side * 2, info: try Imaging.inspect(bytes))
        return raster.letterboxed(side: letterbox.side, left: letterbox.left, top: letterbox.top,
                                  width: letterbox.scaledWidth, height: letterbox.scaledHeight).pixels
    }
}
