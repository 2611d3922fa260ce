// A detector's samples: each image letterboxed into the input square, its boxes moved with it, split
// into training and validation by a stable hash of the image id (as the classifier's dataset is).
import Tensor

public struct DetectionDataset: Sendable {
    public struct Part: Sendable {
        /// side × side × 3 bytes per image.
        public var pixels: [[UInt8]] = []
        /// Boxes in input pixels, class indices into `classNames`.
        public var boxes: [[DetectionBox]] = []
        public var imageIDs: [Int64] = []
        public var count: Int { pixels.count }

        public init(pixels: [[UInt8]] = [], boxes: [[DetectionBox]] = [], imageIDs: [Int64] = []) {
            (self.pixels, self.boxes, self.imageIDs) = (pixels, boxes, imageIDs)
        }
    }

    public let side: Int
    public let classNames: [String]
    public let train: Part
    public let validation: Part

    /// `samples` already letterboxed; `validationFraction` of the images (by id) are held out, at least one
    /// of each side when there are two or more images.
    public init(side: Int, classNames: [String], samples: [(imageID: Int64, pixels: [UInt8], boxes: [DetectionBox])],
                validationFraction: Double) {
        var train = Part(), validation = Part()
        for sample in samples {
            let heldOut = Dataset.isValidation(imageID: sample.imageID, fraction: validationFraction)
            if heldOut { Self.append(sample, to: &validation) } else { Self.append(sample, to: &train) }
        }
        // Small sets: never leave a side empty.
        if validation.count == 0, train.count > 1 { Self.move(from: &train, to: &validation) }
        if train.count == 0, validation.count > 1 { Self.move(from: &validation, to: &train) }
        (self.side, self.classNames, self.train, self.validation) = (side, classNames, train, validation)
    }

    /// Parts chosen by the caller (a benchmark's fixed training and validation sets).
    public init(side: Int, classNames: [String], train: Part, validation: Part) {
        (self.side, self.classNames, self.train, self.validation) = (side, classNames, train, validation)
    }

    private static func append(_ sample: (imageID: Int64, pixels: [UInt8], boxes: [DetectionBox]), to part: inout Part) {
        part.pixels.append(sample.pixels)
        part.boxes.append(sample.boxes)
        part.imageIDs.append(sample.imageID)
    }

    private static func move(from source: inout Part, to target: inout Part) {
        target.pixels.append(source.pixels.removeLast())
        target.boxes.append(source.boxes.removeLast())
        target.imageIDs.append(source.imageIDs.removeLast())
    }
}
