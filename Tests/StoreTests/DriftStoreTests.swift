// Drift on a real SQLite file: served profiles summed per window, reports kept per version, and an
// alert queued once when a version's verdict turns to drift.
import Domain
import Foundation
import Testing
@testable import Store

@Suite struct DriftStoreTests {
    let database: AppDatabase
    let version: ModelVersion

    init() throws {
        let database = try AppDatabase.openTemporary()
        let project = try database.createProject(name: "P", description: "", by: .commandLine)
        let job = try database.enqueueJob(projectID: project.id, spec: .train(TrainingConfig()), by: .commandLine)
        _ = try database.claimNextJob(owner: "t", leaseSeconds: 30)
        let reference = String(decoding: try JSONEncoder().encode(Self.profile(brightness: 0.3...0.7, count: 200)), as: UTF8.self)
        version = try #require(try database.completeTrainingJob(lease: JobLease(jobID: job.id, owner: "t", attempt: 1), version: TrainedVersion(
            modelName: "Birds", artifactPath: "models/x.loupe", artifactSHA256: "abc", artifactSize: 1, metrics: "{}", parameters: "{}",
            evaluation: "{}", labels: "[]", snapshotId: nil, description: "", profile: reference), message: "ok"))
        self.database = database
    }

    static func profile(brightness: ClosedRange<Double>, count: Int) -> DriftProfile {
        var random = DriftStatistics.SplitMix(seed: 2)
        var profile = DriftProfile()
        for _ in 0..<count {
            profile.observe(ImageProperties(brightness: Double.random(in: brightness, using: &random), contrast: 0.2, sharpness: 0.1),
                            width: 640, height: 480, confidence: 0.9, labels: ["cat"], embedding: [0.5], using: &random)
        }
        return profile
    }

    @Test func servedProfilesAddUpAcrossProcessesAndWindows() throws {
        let now = Int64(Date().timeIntervalSince1970) / AppDatabase.driftWindowSeconds * AppDatabase.driftWindowSeconds
        try database.recordServeProfiles([version.id: [now: Self.profile(brightness: 0...0.2, count: 30)]])
        try database.recordServeProfiles([version.id: [now: Self.profile(brightness: 0...0.2, count: 20),
                                                       now - AppDatabase.driftWindowSeconds: Self.profile(brightness: 0...0.2, count: 5)]])
        #expect(try database.servedProfile(versionID: version.id, since: Date().addingTimeInterval(-3600)).observations == 55)
        #expect(try database.servedProfile(versionID: version.id, since: Date()).observations == 50)  // the current window only
        #expect(try database.servedVersionsWithReference(since: Date().addingTimeInterval(-3600)) == [version.id])
        #expect(try database.referenceProfile(versionID: version.id)?.observations == 200)
    }

    @Test func turningToDriftQueuesOneAlertAndFreshReportsAreNotRepeated() throws {
        let webhook = try database.createWebhook(url: "https://hooks.example/d", events: ["drift.alert"], description: "", allowPrivate: false,
                                                 by: .commandLine)
        let reference = try #require(try database.referenceProfile(versionID: version.id))
        let dark = DriftReport.compare(reference: reference, served: Self.profile(brightness: 0...0.2, count: 100))
        #expect(dark.verdict == .drift)
        let now = Date()
        #expect(try database.recordDriftReport(versionID: version.id, report: dark, now: now))
        #expect(try !database.recordDriftReport(versionID: version.id, report: dark, now: now.addingTimeInterval(10), freshness: 60))
        #expect(try database.recordDriftReport(versionID: version.id, report: dark, now: now.addingTimeInterval(61), freshness: 60))
        // Still drifting: no second alert
        let alerts = try database.webhookDeliveries(webhookID: webhook.id, limit: 10)
        #expect(alerts.count == 1 && alerts[0].payload.contains("\"features\":[\"brightness\"]"))
        let latest = try database.latestDriftReports()
        #expect(latest.count == 1 && latest[0].report.verdict == .drift && latest[0].modelName == "Birds")
        #expect(try database.monitoringCounts().drift.first?.report.verdict == .drift)
    }
}

extension DriftStoreTests {
    @Test func oldServingHistoryIsPruned() throws {
        let old = Int64(Date().addingTimeInterval(-40 * 86_400).timeIntervalSince1970) / 600 * 600
        try database.recordServeProfiles([version.id: [old: Self.profile(brightness: 0...1, count: 5)]])
        try database.recordServeUsage([ServeUsageKey(modelId: version.modelId, versionId: version.id, arm: "stable", windowStart: old): ArmStats()])
        try database.pruneServingHistory(usageBefore: Date().addingTimeInterval(-30 * 86_400), profilesBefore: Date().addingTimeInterval(-7 * 86_400))
        #expect(try database.servedProfile(versionID: version.id, since: Date.distantPast).observations == 0)
        #expect(try database.serveUsage(modelID: version.modelId, since: Date.distantPast).isEmpty)
    }
}
