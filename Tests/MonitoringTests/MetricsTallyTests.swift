// The master's tally: counters add up, histograms bucket cumulatively, and the text says so.
import Domain
@testable import Store
import Testing
@testable import Monitoring

@Suite struct MetricsTallyTests {
    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func requestsAreCountedByRouteAndStatusAndTimedByRoute() {
        // Given three requests to one route (two 200s, one 404) taking 3 ms, 30 ms and 3 s
        let tally = MetricsTally()
        tally.record(.request(method: "GET", route: "/api/v1/images/{id}", status: 200, seconds: 0.003))
        tally.record(.request(method: "GET", route: "/api/v1/images/{id}", status: 200, seconds: 0.03))
        tally.record(.request(method: "GET", route: "/api/v1/images/{id}", status: 404, seconds: 3))
        // When the tally is written out
        let text = Self.text(tally.exposition())
        // Then each status has its count, and the buckets hold 1 (≤ 5 ms), 2 (≤ 50 ms), 3 (≤ 5 s and +Inf)
        let labels = #"method="GET",route="/api/v1/images/{id}""#
        #expect(text.contains(#"loupe_http_requests_total{\#(labels),status="200"} 2"#))
        #expect(text.contains(#"loupe_http_requests_total{\#(labels),status="404"} 1"#))
        #expect(text.contains(#"loupe_http_request_duration_seconds_bucket{\#(labels),le="0.001"} 0"#))
        #expect(text.contains(#"loupe_http_request_duration_seconds_bucket{\#(labels),le="0.005"} 1"#))
        #expect(text.contains(#"loupe_http_request_duration_seconds_bucket{\#(labels),le="0.05"} 2"#))
        #expect(text.contains(#"loupe_http_request_duration_seconds_bucket{\#(labels),le="2.5"} 2"#))
        #expect(text.contains(#"loupe_http_request_duration_seconds_bucket{\#(labels),le="5.0"} 3"#))
        #expect(text.contains(#"loupe_http_request_duration_seconds_bucket{\#(labels),le="+Inf"} 3"#))
        #expect(text.contains(#"loupe_http_request_duration_seconds_count{\#(labels)} 3"#))
        #expect(text.contains(#"# TYPE loupe_http_request_duration_seconds histogram"#))
    }

    @Test func servedPredictionsAreCountedWithBoundedLabels() {
        // Given predictions by two versions of one model, and by more models than the limit
        let tally = MetricsTally()
        tally.record(.served(model: "Birds", version: 2, arm: "stable", failed: false, seconds: 0.004, confidence: 0.92))
        tally.record(.served(model: "Birds", version: 3, arm: "candidate", failed: true, seconds: 0.2, confidence: nil))
        for i in 0..<(MetricsTally.servedModelLimit + 5) {
            tally.record(.served(model: "m\(i)", version: 1, arm: "alias", failed: false, seconds: 0.001, confidence: 0.5))
        }
        let text = Self.text(tally.exposition())
        // Then each version and arm has its counts, confidences are bucketed, and models past the limit count as other
        #expect(text.contains(#"loupe_serve_predictions_total{model="Birds",version="2",arm="stable",outcome="ok"} 1"#))
        #expect(text.contains(#"loupe_serve_predictions_total{model="Birds",version="3",arm="candidate",outcome="error"} 1"#))
        #expect(text.contains(#"loupe_serve_confidence_bucket{model="Birds",version="2",arm="stable",le="0.9"} 0"#))
        #expect(text.contains(#"loupe_serve_confidence_bucket{model="Birds",version="2",arm="stable",le="0.95"} 1"#))
        #expect(text.contains(#"loupe_serve_predictions_total{model="other",version="other",arm="alias",outcome="ok"} 6"#), "\(text)")
    }

    @Test func volumesTrainerEventsAndRestartsAddUp() {
        let tally = MetricsTally()
        // Zeros from the start, so a dashboard shows 0 rather than no data
        #expect(Self.text(tally.exposition()).contains("loupe_upload_images_total 0"))
        tally.record(.upload(images: 2, bytes: 1000))
        tally.record(.upload(images: 1, bytes: 24))
        tally.record(.thumbnails(count: 2))
        tally.record(.busyRetry(process: "worker"))
        tally.record(.busyRetry(process: "worker"))
        tally.record(.epoch(samples: 100, seconds: 0.5))
        tally.record(.epoch(samples: 100, seconds: 0.25))
        tally.record(.jobFinished(kind: "train", state: "succeeded"))
        tally.record(.dropped(count: 4))
        tally.workerRestarted()
        tally.workersRunning(3)
        let text = Self.text(tally.exposition())
        for line in ["loupe_upload_images_total 3", "loupe_upload_bytes_total 1024", "loupe_imaging_thumbnails_made_total 2",
                     #"loupe_sqlite_busy_retries_total{process="worker"} 2"#, "loupe_trainer_epochs_total 2",
                     "loupe_trainer_samples_total 200", "loupe_trainer_last_epoch_samples_per_second 400.0",
                     #"loupe_trainer_jobs_finished_total{kind="train",state="succeeded"} 1"#,
                     "loupe_metrics_events_dropped_total 4", "loupe_worker_restarts_total 1", "loupe_worker_processes 3.0"] {
            #expect(text.contains(line + "\n"), "missing \(line)")
        }
    }

    @Test func storeGaugesListEveryStateAndEachRunningJob() {
        // Given two queued jobs, one running in epoch 4, and images in two statuses
        let counts = MonitoringCounts(
            jobsByState: ["queued": 2, "running": 1],
            runningJobs: [.init(id: 9, kind: "search", progress: 0.5, epoch: 4, samplesPerSecond: 1200, heartbeatAge: 0.75)],
            imagesByStatus: ["new": 5, "accepted": 1],
            suggestionOutcomes: [.init(versionID: 3, modelName: "boxes", version: 2, acceptedUnchanged: 7, acceptedEdited: 2,
                                       rejected: 1, open: 4, drawnByHand: 3)])
        let text = MetricsTallyTests.text(StoreGauges(counts).exposition())
        // Then every job state and image status has a value (zeros included), the job is labelled by id,
        // and the detector version's suggestions are counted by outcome
        for line in [#"loupe_trainer_jobs{state="queued"} 2.0"#, #"loupe_trainer_jobs{state="failed"} 0.0"#,
                     "loupe_trainer_queue_depth 2.0", #"loupe_trainer_running_job_epoch{job="9",kind="search"} 4.0"#,
                     #"loupe_trainer_running_job_samples_per_second{job="9",kind="search"} 1200.0"#,
                     #"loupe_trainer_running_job_progress_ratio{job="9",kind="search"} 0.5"#,
                     #"loupe_trainer_heartbeat_age_seconds{job="9",kind="search"} 0.75"#,
                     #"loupe_images_by_status{status="new"} 5.0"#, #"loupe_images_by_status{status="rejected"} 0.0"#,
                     #"loupe_detector_suggestions{model="boxes",version="2",outcome="accepted_unchanged"} 7.0"#,
                     #"loupe_detector_suggestions{model="boxes",version="2",outcome="accepted_edited"} 2.0"#,
                     #"loupe_detector_suggestions{model="boxes",version="2",outcome="rejected"} 1.0"#,
                     #"loupe_detector_boxes_drawn_by_hand{model="boxes",version="2"} 3.0"#] {
            #expect(text.contains(line + "\n"), "missing \(line)")
        }
    }
}
