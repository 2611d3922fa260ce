// Which side of the train/validation split an image falls on: a stable hash of its id, the same
// one training uses, so an exported `val` folder holds the images a Loupe job validated on.

public enum DatasetSplit: String, Sendable, CaseIterable, Codable {
    case train
    case val

    public static func of(imageID: Int64, validationFraction: Double) -> DatasetSplit {
        isValidation(imageID: imageID, fraction: validationFraction) ? .val : .train
    }

    public static func isValidation(imageID: Int64, fraction: Double) -> Bool {
        // One step of SplitMix64 seeded with the id.
        var z = (UInt64(bitPattern: imageID) &* 0x9E37_79B9) &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Double((z ^ (z >> 31)) % 10_000) < fraction * 10_000
    }
}
