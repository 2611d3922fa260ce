// Compares what each version served in the last hour with its reference, about once a minute: any worker
// process may do it; one report per version per interval is kept (the others are skipped).
import Domain
import Foundation
import Logging
import Store

struct DriftMonitor: Sendable {
    let store: any ServingStore
    private let logger = Logger(label: "loupe.drift")

    static let interval: TimeInterval = 60
    /// How far back served traffic counts.
    static let lookback: TimeInterval = 3600

    init(store: any ServingStore) { self.store = store }

    /// Reports on every version served lately; `force` writes a report even when another process wrote
    /// one within the interval (someone asked for a fresh one).
    func check(now: Date = Date(), force: Bool = false) {
        do {
            for versionID in try store.servedVersionsWithReference(since: now.addingTimeInterval(-Self.lookback)) {
                guard let report = try report(versionID: versionID, since: now.addingTimeInterval(-Self.lookback)) else { continue }
                try store.recordDriftReport(versionID: versionID, report: report, now: now, freshness: force ? 0 : Self.interval * 0.8)
            }
        } catch {
            logger.error("drift not checked: \(error)")
        }
    }

    /// The version's served traffic since `since` against its reference; nil without a reference.
    func report(versionID: Int64, since: Date) throws -> DriftReport? {
        guard let reference = try store.referenceProfile(versionID: versionID) else { return nil }
        return DriftReport.compare(reference: reference, served: try store.servedProfile(versionID: versionID, since: since))
    }
}
