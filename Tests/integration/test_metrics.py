"""/metrics through the real nginx, worker master and children, and trainer: the text parses with the
official Prometheus client's parser, counters move by exactly what the test did, the trainer's numbers
arrive, a killed child shows as a restart, and only loopback may scrape."""
import json
import re
import sqlite3
import subprocess
import threading
import time

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from conftest import POSTGRES_SERVER, ROOT, Stack, sqlite_only, start_prometheus, wait_until
from test_training import colour_project, photo, start_job, wait_for_job


def scrape(stack):
    response = requests.get(stack.url("/metrics"), timeout=10)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    return {family.name: family for family in text_string_to_metric_families(response.text)}


def value(families, family, sample=None, **labels):
    """The sample's value, 0 when the series does not exist (yet)."""
    found = families.get(family)
    wanted = sample or family
    for s in found.samples if found else []:
        if s.name == wanted and all(s.labels.get(k) == v for k, v in labels.items()):
            return s.value
    return 0.0


def wait_for_value(stack, family, predicate, what, sample=None, **labels):
    """The master writes its tally up to ~0.1 s after an event: poll until it shows."""
    seen = []

    def check():
        seen.append(value(scrape(stack), family, sample, **labels))
        return predicate(seen[-1])

    wait_until(check, seconds=20, what=f"{what} (last seen {seen[-1:]})")
    return seen[-1]


def wait_for_scrape(stack, predicate, what):
    """The first scrape whose families satisfy predicate: checks on it see one consistent moment."""
    seen = []

    def check():
        seen[:] = [scrape(stack)]
        return predicate(seen[0])

    wait_until(check, seconds=60, what=what)
    return seen[0]


def non_loopback_address():
    out = subprocess.run(["hostname", "-I"], capture_output=True, text=True).stdout.split()
    return next((a for a in out if "." in a and not a.startswith("127.")), None)


@pytest.fixture(scope="module")
def metrics_stack(tmp_path_factory):
    # nginx listens on every address, so a request from a non-loopback address can be tried
    stack = Stack(tmp_path_factory.mktemp("loupe-metrics"), host="0.0.0.0").start()
    stack.start_trainer()
    stack.add_user("metrics-data", "data")
    yield stack
    stack.stop()


def test_metrics_parse_and_request_counters_move_by_what_was_done(metrics_stack):
    stack = metrics_stack
    # (the request series appear once the start-up health checks' events reach the master, a moment later)
    families = wait_for_scrape(stack, lambda f: "loupe_http_requests" in f, "the start-up requests' series")
    # Every family the issue names is there from the start, typed as Prometheus expects
    assert families["loupe_http_requests"].type == "counter"
    assert families["loupe_http_request_duration_seconds"].type == "histogram"
    for name in ["loupe_upload_images", "loupe_upload_bytes", "loupe_imaging_thumbnails_made", "loupe_worker_restarts",
                 "loupe_trainer_epochs", "loupe_trainer_samples", "loupe_metrics_events_dropped"]:
        assert families[name].type == "counter", name
    for name in ["loupe_trainer_jobs", "loupe_trainer_queue_depth", "loupe_worker_processes", "loupe_images_by_status"]:
        assert families[name].type == "gauge", name
    assert value(families, "loupe_worker_processes") == 2
    assert {s.labels["state"] for s in families["loupe_trainer_jobs"].samples} >= {"queued", "running", "succeeded"}

    # When five health checks and one unknown path are answered
    route = {"method": "GET", "route": "/api/v1/health", "status": "200"}
    before = value(families, "loupe_http_requests", "loupe_http_requests_total", **route)
    before_hist = value(families, "loupe_http_request_duration_seconds", "loupe_http_request_duration_seconds_count",
                        method="GET", route="/api/v1/health")
    for _ in range(5):
        assert requests.get(stack.url("/api/v1/health")).ok
    assert requests.get(stack.url("/api/v1/no/such/thing/12345")).status_code == 404

    # Then the counter moves by exactly five, and the histogram counted the same requests
    after = wait_for_value(stack, "loupe_http_requests", lambda v: v >= before + 5, "health requests counted",
                           "loupe_http_requests_total", **route)
    assert after == before + 5
    families = scrape(stack)
    assert value(families, "loupe_http_request_duration_seconds", "loupe_http_request_duration_seconds_count",
                 method="GET", route="/api/v1/health") == before_hist + 5
    buckets = [s for s in families["loupe_http_request_duration_seconds"].samples
               if s.name.endswith("_bucket") and s.labels["route"] == "/api/v1/health"]
    assert buckets[-1].labels["le"] == "+Inf" and buckets[-1].value == before_hist + 5
    assert all(a.value <= b.value for a, b in zip(buckets, buckets[1:])), "buckets are cumulative"
    # The unknown path is counted under one label (perhaps by the other child: awaited), never under its own path
    wait_for_value(stack, "loupe_http_requests", lambda v: v >= 1, "the 404 counted", "loupe_http_requests_total",
                   route="unmatched", status="404")
    assert "12345" not in requests.get(stack.url("/metrics")).text


def test_uploads_thumbnails_and_exports_are_counted(metrics_stack):
    stack = metrics_stack
    headers = {"Authorization": f"Bearer {stack.token('metrics-data')}"}
    families = scrape(stack)
    images = value(families, "loupe_upload_images", "loupe_upload_images_total")
    uploaded = value(families, "loupe_upload_bytes", "loupe_upload_bytes_total")
    thumbnails = value(families, "loupe_imaging_thumbnails_made", "loupe_imaging_thumbnails_made_total")
    exports = value(families, "loupe_export_duration_seconds", "loupe_export_duration_seconds_count", format="coco")

    # When two new images and one duplicate are uploaded, and the project is exported
    project = requests.post(stack.url("/api/v1/projects"), headers=headers, json={"name": "Counted"}).json()
    files = [photo(1, True), photo(2, False)]
    for n, data in enumerate(files + files[:1]):
        response = requests.post(stack.url(f"/api/v1/projects/{project['id']}/images"), params={"file_name": f"{n}.jpg"},
                                 headers=headers, data=data)
        assert response.status_code in (200, 201), response.text
    assert requests.get(stack.url(f"/api/v1/projects/{project['id']}/export/coco"), headers=headers).ok

    # Then two images and their bytes are counted (the duplicate is not stored), three thumbnails were
    # made and one export timed. Each child sends its events in its own batches, so each is awaited.
    wait_for_value(stack, "loupe_export_duration_seconds", lambda v: v == exports + 1, "export counted",
                   "loupe_export_duration_seconds_count", format="coco")
    wait_for_value(stack, "loupe_upload_images", lambda v: v >= images + 2, "images counted", "loupe_upload_images_total")
    wait_for_value(stack, "loupe_imaging_thumbnails_made", lambda v: v >= thumbnails + 3, "thumbnails counted",
                   "loupe_imaging_thumbnails_made_total")
    time.sleep(0.3)  # long enough for any stray batch: the totals must now be exact, not just large enough
    families = scrape(stack)
    assert value(families, "loupe_upload_images", "loupe_upload_images_total") == images + 2
    assert value(families, "loupe_upload_bytes", "loupe_upload_bytes_total") == uploaded + sum(map(len, files))
    assert value(families, "loupe_imaging_thumbnails_made", "loupe_imaging_thumbnails_made_total") == thumbnails + 3
    assert value(families, "loupe_images_by_status", status="new") >= 2


def test_the_trainer_s_numbers_arrive_while_a_job_runs_and_after_it_ends(metrics_stack):
    stack = metrics_stack
    headers = {"Authorization": f"Bearer {stack.token('metrics-data')}"}
    project = colour_project(stack, headers, "Trained and counted", per_class=6)
    epochs_before = value(scrape(stack), "loupe_trainer_epochs", "loupe_trainer_epochs_total")

    # While a long job runs, its epoch and speed are exposed under its id
    # Long enough to be seen running and cancelled mid-way on a fast machine
    running = start_job(stack, headers, project, {"architecture": "cnn", "input_size": 32, "epochs": 500,
                                                  "patience": 500, "conv_channels": [8, 16]})
    labels = {"job": str(running["id"]), "kind": "train"}
    families = wait_for_scrape(stack, lambda f: value(f, "loupe_trainer_running_job_epoch", **labels) >= 2, "running job's epoch")
    epoch = value(families, "loupe_trainer_running_job_epoch", **labels)
    assert value(families, "loupe_trainer_running_job_samples_per_second", **labels) > 0
    progress = [s.value for s in families["loupe_trainer_running_job_progress_ratio"].samples if s.labels == labels]
    assert len(progress) == 1 and 0 <= progress[0] < 1  # written with the trainer's heartbeat, about once a second
    # And what the trainer spends on it: CPU seconds so far, and its memory
    families = wait_for_scrape(stack, lambda f: value(f, "loupe_trainer_running_job_cpu_seconds", **labels) > 0, "the job's CPU seconds")
    assert value(families, "loupe_trainer_running_job_resident_memory_bytes", **labels) > 10 << 20
    assert value(families, "loupe_trainer_jobs", state="running") == 1
    # The trainer's own count (reported to the master) catches up with the epochs the store shows
    wait_for_value(stack, "loupe_trainer_epochs", lambda v: v >= epochs_before + epoch, "trainer's epochs counted",
                   "loupe_trainer_epochs_total")

    # When it is cancelled and a short job runs to the end
    requests.post(stack.url(f"/api/v1/jobs/{running['id']}/cancel"), headers=headers)
    wait_for_job(stack, headers, running["id"], lambda j: j["state"] == "cancelled", what="cancelled")
    short = start_job(stack, headers, project, {"architecture": "linear", "input_size": 16, "epochs": 3, "patience": 3})
    done = wait_for_job(stack, headers, short["id"], lambda j: j["state"] == "succeeded", what="short job done")

    # Then the finished jobs are counted by kind and state, and the running job's series are gone
    wait_for_value(stack, "loupe_trainer_jobs_finished", lambda v: v >= 1, "finished job counted",
                   "loupe_trainer_jobs_finished_total", kind="train", state="succeeded")
    families = scrape(stack)
    assert value(families, "loupe_trainer_jobs_finished", "loupe_trainer_jobs_finished_total",
                 kind="train", state="cancelled") == 1
    assert value(families, "loupe_trainer_jobs", state="cancelled") == 1
    assert value(families, "loupe_trainer_running_job_epoch", **labels) == 0, "no series for a job that ended"
    samples = value(families, "loupe_trainer_samples", "loupe_trainer_samples_total")
    assert samples > 0 and len(done["metrics"]) == 3


@sqlite_only
def test_sqlite_busy_retries_are_counted_when_a_lock_is_held(metrics_stack):
    stack = metrics_stack
    headers = {"Authorization": f"Bearer {stack.token('metrics-data')}"}
    before = value(scrape(stack), "loupe_sqlite_busy_retries", "loupe_sqlite_busy_retries_total", process="worker")
    # Given another process holds the write lock for half a second
    holder = sqlite3.connect(stack.data / "loupe.sqlite", isolation_level=None, timeout=10)
    holder.execute("BEGIN IMMEDIATE")
    result = {}
    writer = threading.Thread(target=lambda: result.update(response=requests.post(
        stack.url("/api/v1/projects"), headers=headers, json={"name": "Waited for the lock"}, timeout=30)))
    writer.start()
    time.sleep(0.5)
    holder.execute("COMMIT")
    holder.close()
    writer.join()
    # Then the write waited, succeeded, and its retries are counted
    assert result["response"].status_code == 201, result["response"].text
    wait_for_value(stack, "loupe_sqlite_busy_retries", lambda v: v > before, "busy retries counted",
                   "loupe_sqlite_busy_retries_total", process="worker")


def test_a_killed_worker_child_is_counted_as_a_restart(metrics_stack):
    stack = metrics_stack
    before = value(scrape(stack), "loupe_worker_restarts", "loupe_worker_restarts_total")
    victim = stack.children()[0]
    subprocess.run(["kill", "-KILL", str(victim)], check=True)
    wait_until(lambda: len(stack.children()) == 2 and victim not in stack.children(), what="replacement child")
    wait_for_value(stack, "loupe_worker_restarts", lambda v: v == before + 1, "restart counted", "loupe_worker_restarts_total")
    wait_for_value(stack, "loupe_worker_processes", lambda v: v == 2, "two workers running again")


def test_only_loopback_may_scrape(metrics_stack):
    stack = metrics_stack
    address = non_loopback_address()
    if address is None:
        pytest.skip("this machine has no non-loopback IPv4 address to try from")
    # From a non-loopback address nginx refuses /metrics, while the rest of the site answers
    outside = f"http://{address}:{stack.port}"
    assert requests.get(outside + "/metrics", timeout=5).status_code == 403
    assert requests.get(outside + "/api/v1/health", timeout=5).status_code == 200
    # And through loopback it is served
    assert requests.get(stack.url("/metrics"), timeout=5).status_code == 200


def test_the_example_scrape_config_and_dashboard_work_with_a_real_prometheus(metrics_stack, tmp_path):
    stack = metrics_stack
    examples = ROOT / "scripts" / "monitoring"
    # Given the example scrape config pointed at this stack, scraping every second
    config = tmp_path / "prometheus.yml"
    config.write_text((examples / "prometheus.yml").read_text()
                      .replace("127.0.0.1:8080", f"127.0.0.1:{stack.port}").replace("15s", "1s"))
    (tmp_path / "loupe-alerts.yml").write_text((examples / "loupe-alerts.yml").read_text())
    subprocess.run(["promtool", "check", "config", config], check=True, capture_output=True)
    # And the text passes promtool's own linter
    lint = subprocess.run(["promtool", "check", "metrics"], input=requests.get(stack.url("/metrics")).text,
                          capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    prometheus, api = start_prometheus(config, tmp_path)
    try:
        # When real Prometheus has scraped Loupe a few times
        wait_until(lambda: requests.get(f"{api}/targets").json()["data"]["activeTargets"][0]["health"] == "up",
                   seconds=30, what="Prometheus scraping Loupe")
        for _ in range(3):
            requests.get(stack.url("/api/v1/health"))
        wait_until(lambda: query(api, "sum(loupe_http_requests_total)")
                   and float(query(api, "sum(loupe_http_requests_total)")[0]["value"][1]) > 0, seconds=30,
                   what="request counter in Prometheus")
        # Then every query of the example dashboard is valid PromQL, and every metric it names is stored
        dashboard = json.loads((examples / "grafana-dashboard.json").read_text())
        exprs = [t["expr"] for panel in dashboard["panels"] for t in panel["targets"]]
        assert len(exprs) >= 18
        for expr in exprs:
            answer = requests.get(f"{api}/query", params={"query": expr}).json()
            assert answer["status"] == "success", (expr, answer)
        names = set(re.findall(r"\bloupe_[a-z_]+", " ".join(exprs)))
        # Running jobs, served models and drift reports have series only while there are any
        transient = ("running_job", "heartbeat", "loupe_serve_", "loupe_drift_") + (
            ("loupe_sqlite_",) if POSTGRES_SERVER else ())  # SQLite's busy waits: none on PostgreSQL
        missing = [n for n in names if not any(t in n for t in transient) and not query(api, f"count({n})")]
        assert not missing, missing
    finally:
        prometheus.terminate()
        prometheus.wait(timeout=20)


def query(api, expr):
    answer = requests.get(f"{api}/query", params={"query": expr}).json()
    assert answer["status"] == "success", answer
    return answer["data"]["result"]


def test_the_example_alert_rules_are_valid_and_fire_on_what_they_should():
    examples = ROOT / "scripts" / "monitoring"
    checked = subprocess.run(["promtool", "check", "rules", examples / "loupe-alerts.yml"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    # promtool's rule unit tests: drift and error alerts fire on their series, the quiet ones stay quiet
    tested = subprocess.run(["promtool", "test", "rules", "loupe-alerts.test.yml"], cwd=examples, capture_output=True, text=True)
    assert tested.returncode == 0 and "SUCCESS" in tested.stdout, tested.stdout + tested.stderr
