// Which arm of a rollout answers a request: a caller key's fixed place in [0, 1), compared with the share.

public enum TrafficSplit {
    /// The key's place in [0, 1) for one rollout. The same key always lands in the same place (sticky
    /// A/B arms); another rollout's salt reshuffles every key, so one caller is not always the first
    /// to meet each new candidate.
    public static func position(of key: String, salt: Int64) -> Double {
        // FNV-1a over the salt and the key, then SplitMix64's finaliser so that near keys spread.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ byte: UInt8) { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        withUnsafeBytes(of: salt.littleEndian) { $0.forEach(mix) }
        key.utf8.forEach(mix)
        var z = hash &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 53)
    }

    /// Whether a place in [0, 1) falls in the candidate's share (a percentage).
    public static func takesCandidate(position: Double, sharePercent: Double) -> Bool {
        position * 100 < sharePercent
    }
}
