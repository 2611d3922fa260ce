// When the next ground-truth image reaches a person: after a gap of images that varies around the
// project's "every N", so nobody can count their way to it, yet the same person at the same point
// always gets the same gap (the queue decides it afresh on every call).

public enum GroundTruthCadence {
    /// The images `person` labels before their ground-truth image number `served` + 1: a seeded draw
    /// between ⌈N/2⌉ and ⌊3N/2⌋, whose mean is N. `every` 1 is every image.
    public static func gap(every: Int, person: Int64, served: Int) -> Int {
        guard every > 1 else { return max(every, 0) }
        let low = (every + 1) / 2, high = every * 3 / 2
        var generator = DriftStatistics.SplitMix(seed: UInt64(bitPattern: person) &* 0x9E37_79B9 &+ UInt64(served))
        return low + Int(generator.next() % UInt64(high - low + 1))
    }
}
