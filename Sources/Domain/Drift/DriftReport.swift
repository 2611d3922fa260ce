// A served window compared with a version's reference: a score per feature and one verdict.

public struct DriftReport: Codable, Equatable, Sendable {
    public struct Feature: Codable, Equatable, Sendable {
        public let name: String
        public let psi: Double?
        public let ks: Double?
        public let ksPValue: Double?

        enum CodingKeys: String, CodingKey { case name, psi, ks, ksPValue = "ks_p_value" }
    }

    public enum Verdict: String, Codable, Sendable, Comparable {
        /// Too few served observations to say.
        case insufficient
        case stable
        /// Moderate shift: worth a look.
        case watch
        case drift

        public static func < (a: Verdict, b: Verdict) -> Bool { a.rank < b.rank }
        private var rank: Int { [.insufficient: 0, .stable: 1, .watch: 2, .drift: 3][self]! }
    }

    public let features: [Feature]
    public let labelPSI: Double?
    public let embeddingMMD2: Double?
    public let embeddingPValue: Double?
    public let referenceObservations: Int
    public let servedObservations: Int
    public let verdict: Verdict

    /// PSI above this on any feature (or the labels), or an embedding shift with p below `pLimit`, is drift.
    public static let psiDrift = 0.25
    public static let psiWatch = 0.1
    public static let pLimit = 0.01
    /// Served observations needed for a verdict.
    public static let minimumObservations = 30

    /// The largest PSI over the features and the labels.
    public var maxPSI: Double? { (features.compactMap(\.psi) + [labelPSI].compactMap { $0 }).max() }

    public static func compare(reference: DriftProfile, served: DriftProfile) -> DriftReport {
        let features = DriftProfile.featureNames.map { name -> Feature in
            let (r, s) = (reference.features[name] ?? [], served.features[name] ?? [])
            let ks = DriftStatistics.ks(r, s)
            return Feature(name: name, psi: DriftStatistics.psi(reference: r, current: s), ks: ks?.statistic, ksPValue: ks?.pValue)
        }
        let labelPSI = DriftStatistics.psi(reference: reference.labels, current: served.labels)
        let mmd = DriftStatistics.mmd(reference.embeddings, served.embeddings)
        let maxPSI = (features.compactMap(\.psi) + [labelPSI].compactMap { $0 }).max() ?? 0
        let verdict: Verdict
        if served.observations < minimumObservations || reference.observations < minimumObservations {
            verdict = .insufficient
        } else if maxPSI > psiDrift || (mmd?.pValue ?? 1) < pLimit {
            verdict = .drift
        } else if maxPSI > psiWatch {
            verdict = .watch
        } else {
            verdict = .stable
        }
        return DriftReport(features: features, labelPSI: labelPSI, embeddingMMD2: mmd?.mmd2, embeddingPValue: mmd?.pValue,
                           referenceObservations: reference.observations, servedObservations: served.observations, verdict: verdict)
    }

    enum CodingKeys: String, CodingKey {
        case features, labelPSI = "label_psi", embeddingMMD2 = "embedding_mmd2", embeddingPValue = "embedding_p_value"
        case referenceObservations = "reference_observations", servedObservations = "served_observations", verdict
    }
}
