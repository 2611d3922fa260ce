// Samples in memory with their class indices, split by image id into training and validation.
import Domain
import Store
import Tensor

public struct Dataset: Sendable {
    /// Class names, in output order.
    public let classNames: [String]
    /// The project's label id for each class.
    public let classLabelIDs: [Int64]
    public let side: Int
    public var train: Part
    public var validation: Part

    public struct Part: Sendable {
        public var pixels: [[UInt8]] = []
        public var classes: [Int] = []
        public var imageIDs: [Int64] = []
        public var count: Int { classes.count }
    }

    /// Classes are the labels that have at least one sample, in label-id order.
    /// The split is by image id, so every box of one image lands on the same side, and the same
    /// project gives the same split in every job.
    public init(set: TrainingSet, side: Int, validationFraction: Double, load: (Int, TrainingSample) throws -> [UInt8]) throws {
        let used = Set(set.samples.map(\.labelID))
        let classes = set.labels.filter { used.contains($0.id) }
        guard !set.samples.isEmpty else {
            throw TrainingError.unusableDataset(
                "There is nothing to learn from: no image has exactly one tag. Tag images with one label each"
                + (set.imagesWithSeveralTags > 0 ? " (\(set.imagesWithSeveralTags) have several tags and are skipped)" : "")
                + ", or draw boxes and train with \"source\": \"boxes\".")
        }
        guard classes.count >= 2 else {
            throw TrainingError.unusableDataset(
                "Training needs samples of at least two labels; all \(set.samples.count) samples are '\(classes.first?.name ?? "?")'.")
        }
        classNames = classes.map(\.name)
        classLabelIDs = classes.map(\.id)
        self.side = side
        let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1.id, $0) })
        var train = Part(), validation = Part()
        for (n, sample) in set.samples.enumerated() {
            let pixels = try load(n, sample)
            let goesToValidation = Self.isValidation(imageID: sample.imageID, fraction: validationFraction)
            let classIndex = index[sample.labelID]!
            if goesToValidation {
                validation.pixels.append(pixels); validation.classes.append(classIndex); validation.imageIDs.append(sample.imageID)
            } else {
                train.pixels.append(pixels); train.classes.append(classIndex); train.imageIDs.append(sample.imageID)
            }
        }
        // Tiny sets: make sure both sides have something.
        if validation.count == 0, train.count >= 2 {
            validation.pixels.append(train.pixels.removeLast())
            validation.classes.append(train.classes.removeLast())
            validation.imageIDs.append(train.imageIDs.removeLast())
        }
        if train.count == 0 {
            throw TrainingError.unusableDataset("Only \(validation.count) sample(s): too few to train on.")
        }
        self.train = train
        self.validation = validation
    }

    /// A stable hash of the image id decides its side of the split (the one exports use for `val`).
    static func isValidation(imageID: Int64, fraction: Double) -> Bool {
        DatasetSplit.isValidation(imageID: imageID, fraction: fraction)
    }
}
