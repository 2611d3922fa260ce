"""Several hosts, through the real cluster (scripts/cluster-up): PostgreSQL, SeaweedFS, two worker
hosts and two trainer hosts in network namespaces behind nginx. Faults: a worker host killed under
a read/write mix, a trainer host killed mid-job, a trainer host partitioned and healed, PostgreSQL
and the object store restarted under load, and the same bytes uploaded on two hosts at once."""
import hashlib
import os
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.parse

import boto3
import pytest
import requests

from conftest import BIN, POSTGRES_SERVER, ROOT, free_port, start_prometheus, wait_until
from test_training import colour_project, photo, start_job

pytestmark = pytest.mark.skipif(bool(POSTGRES_SERVER), reason="the cluster runs its own PostgreSQL: once is enough")

LEASE_SECONDS = 6


class Cluster:
    def __init__(self, directory):
        self.directory = directory
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = dict(os.environ, LOUPE_BIN_DIR=str(BIN), LOUPE_DEMO="0", LOUPE_CLUSTER_DIR=directory,
                        LOUPE_CLUSTER_NAME="lt", LOUPE_CLUSTER_SUBNET="10.78.0", LOUPE_PORT=str(self.port),
                        LOUPE_LEASE_SECONDS=str(LEASE_SECONDS), LOUPE_POLL_SECONDS="0.3", LOUPE_THREADS="1",
                        LOUPE_SCRYPT_LOG_N="12", FSYNC="off")

    def up(self):
        done = subprocess.run([ROOT / "scripts" / "cluster-up"], env=self.env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
        self.admin_password = open(f"{self.directory}/shared/initial-admin-password").read().strip()
        self.database_url = open(f"{self.directory}/database-url").read().strip()
        self.object_store = open(f"{self.directory}/s3/url").read().strip()
        return done.stdout

    def down(self):
        subprocess.run([ROOT / "scripts" / "cluster-down"], env=self.env, capture_output=True, timeout=300)

    def do(self, *args):
        done = subprocess.run([ROOT / "scripts" / "cluster", *args], env=self.env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stdout + done.stderr

    def url(self, path):
        return self.base + path

    def cli(self, *args, stdin=None):
        env = dict(self.env, LOUPE_DATABASE_URL=self.database_url, LOUPE_OBJECT_STORE=self.object_store)
        return subprocess.run([BIN / "loupe", *args, "--data-dir", f"{self.directory}/shared"], input=stdin, env=env,
                              capture_output=True, text=True, check=True).stdout

    def token(self, name, role):
        self.cli("user", "add", name, "--role", role, "--password-stdin", stdin=f"{name}-password\n")
        return {"Authorization": f"Bearer {self.cli('token', 'create', name, '--name', 'test').strip()}"}

    def sql(self, query):
        return subprocess.run(["psql", self.database_url, "-Atc", query], capture_output=True, text=True, check=True).stdout.split("\n")[0]

    def host_metric(self, host, line_prefix):
        text = requests.get(self.url(f"/metrics/hosts/{host}"), timeout=5).text
        return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(line_prefix))


@pytest.fixture(scope="module")
def cluster():
    directory = tempfile.mkdtemp(prefix="loupe-cluster-test-")
    os.chmod(directory, 0o755)  # PostgreSQL runs as `postgres` under it
    cluster = Cluster(directory)
    try:
        out = cluster.up()
        assert f"http://127.0.0.1:{cluster.port}/" in out and "admin / " in out
        cluster.data = cluster.token("cl-data", "data")
        cluster.admin = cluster.token("cl-admin", "admin")
        yield cluster
    finally:
        cluster.down()
        shutil.rmtree(directory, ignore_errors=True)


def run_load(cluster, project, seconds, writers=3, readers=3):
    """Readers list images and fetch thumbnails; writers create labels with unique names. Returns
    (time, kind, status, name) per request."""
    images = requests.get(cluster.url(f"/api/v1/projects/{project['id']}/images"), headers=cluster.data).json()["images"]
    results, stop, lock = [], time.time() + seconds, threading.Lock()

    def reader(n):
        session = requests.Session()
        while time.time() < stop:
            image = images[n % len(images)]
            for path in (f"/api/v1/projects/{project['id']}/images", f"/api/v1/images/{image['id']}/thumbnail"):
                started = time.time()
                try:
                    status = session.get(cluster.url(path), headers=cluster.data, timeout=30).status_code
                except requests.RequestException:
                    status = 0
                with lock:
                    results.append((started, "read", status, None))
            n += 1

    def writer(n):
        session, count = requests.Session(), 0
        while time.time() < stop:
            name = f"w{n}-{count}-{int(time.time() * 1000)}"
            count += 1
            started = time.time()
            try:
                status = session.post(cluster.url(f"/api/v1/projects/{project['id']}/labels"), headers=cluster.data,
                                      json={"name": name}, timeout=30).status_code
            except requests.RequestException:
                status = 0
            with lock:
                results.append((started, "write", status, name))

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(readers)]
    threads += [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    return threads, results


def check_writes(cluster, project, results):
    """Every acknowledged label is there, with exactly one audit row; no write is recorded twice."""
    acknowledged = [name for _, kind, status, name in results if kind == "write" and status == 201]
    labels = {label["name"] for label in requests.get(cluster.url(f"/api/v1/projects/{project['id']}/labels"),
                                                      headers=cluster.data).json()["labels"]}
    assert set(acknowledged) <= labels
    counts = dict(line.split("|") for line in subprocess.run(
        ["psql", cluster.database_url, "-Atc",
         f"SELECT detail, COUNT(*) FROM audit_log WHERE action = 'label.created' AND target = 'project:{project['id']}' GROUP BY detail"],
        capture_output=True, text=True, check=True).stdout.split())
    assert all(counts.get(name) == "1" for name in acknowledged), [n for n in acknowledged if counts.get(n) != "1"]
    assert all(count == "1" for count in counts.values())
    return acknowledged


def load_project(cluster, name, images=4):
    project = requests.post(cluster.url("/api/v1/projects"), headers=cluster.data, json={"name": name}).json()
    for n in range(images):
        uploaded = requests.post(cluster.url(f"/api/v1/projects/{project['id']}/images"), params={"file_name": f"{n}.jpg"},
                                 headers=cluster.data, data=photo(1000 + n + hash(name) % 1000, n % 2 == 0))
        assert uploaded.status_code in (200, 201), uploaded.text
    return project


def test_the_cluster_serves_from_both_worker_hosts_with_files_in_the_bucket(cluster):
    project = load_project(cluster, "Spread")
    for _ in range(20):
        assert requests.get(cluster.url(f"/api/v1/projects/{project['id']}/images"), headers=cluster.data).status_code == 200
    # Both hosts answered, and each reports its own metrics (the tally is written out every few seconds)
    served = lambda: {host: cluster.host_metric(host, 'loupe_http_requests_total{method="GET",route="/api/v1/projects/{id}/images"')
                      for host in ("w1", "w2")}
    wait_until(lambda: sum(served().values()) == 20, seconds=20, what="both hosts' metrics")
    assert all(count > 0 for count in served().values()), served()
    # The hosts cannot reach anything outside their subnet
    blocked = subprocess.run(["ip", "netns", "exec", "lt-w1", "curl", "-s", "-m", "2", "http://1.1.1.1/"], capture_output=True)
    assert blocked.returncode != 0
    # Each host has its own name, seen in the trainers' lease owners
    names = subprocess.run(["ip", "netns", "exec", "lt-t1", "cat", f"{cluster.directory}/hosts/t1/run/trainer.log"],
                           capture_output=True, text=True).stdout
    assert "trainer t1:" in names


def test_a_worker_host_killed_under_load_fails_reads_over_and_loses_no_acknowledged_write(cluster):
    project = load_project(cluster, "Worker kill")
    threads, results = run_load(cluster, project, seconds=7)
    time.sleep(2.5)
    killed_at = time.time()
    cluster.do("kill", "w1")
    for thread in threads:
        thread.join()
    try:
        reads = [status for _, kind, status, _ in results if kind == "read"]
        writes = [status for _, kind, status, _ in results if kind == "write"]
        # Reads fail over to w2: every one answered 200
        assert reads and all(status == 200 for status in reads), sorted(set(reads))
        # Writes: only those in flight on w1 when it died may fail (502, never retried on w2); the rest succeed
        failed = [(t - killed_at, status) for t, kind, status, _ in results if kind == "write" and status != 201]
        assert all(status == 502 and -1 < at < 1 for at, status in failed), failed
        assert writes.count(201) > 10
        check_writes(cluster, project, results)
    finally:
        cluster.do("start", "w1")
    wait_until(lambda: cluster.host_metric("w1", "loupe_worker_processes") > 0, seconds=30, what="w1 back")


def wait_for(cluster, job_id, predicate, seconds=240, what="job"):
    seen = {}

    def check():
        seen.update(requests.get(cluster.url(f"/api/v1/jobs/{job_id}"), headers=cluster.data, timeout=10).json())
        return predicate(seen)

    wait_until(check, seconds=seconds, what=what)
    return dict(seen)


# Long enough to be caught mid-run on a 2-core machine, short enough to finish twice in the test.
MID_LENGTH = {"architecture": "cnn", "input_size": 32, "epochs": 60, "patience": 60, "conv_channels": [16, 32]}


def host_running(cluster, job_id):
    """The trainer host running the job, once it has finished an epoch."""
    owner = {}

    def check():
        owner["name"] = cluster.sql(f"SELECT lease_owner FROM jobs WHERE id = {job_id} AND state = 'running' "
                                    f"AND EXISTS (SELECT 1 FROM job_metrics WHERE job_id = {job_id})")
        return owner["name"]

    wait_until(check, seconds=120, what="the job's first epoch")
    return owner["name"].split(":")[0]


def test_a_trainer_host_killed_mid_job_leaves_it_to_the_other_as_attempt_two(cluster):
    project = colour_project(cluster, cluster.data, "Trainer kill", per_class=10)
    queued = start_job(cluster, cluster.data, project, MID_LENGTH)
    host = host_running(cluster, queued["id"])
    assert host in ("t1", "t2")
    # The job page's live stream comes from a worker host's event process, through nginx
    with requests.get(cluster.url(f"/api/v1/jobs/{queued['id']}/stream"), headers=dict(cluster.data, Accept="text/event-stream"),
                      stream=True, timeout=30) as stream:
        assert stream.status_code == 200 and stream.headers["Content-Type"].startswith("text/event-stream")
        assert any(line.startswith("event: epoch") for line in stream.iter_lines(decode_unicode=True))
    cluster.do("kill", host)
    try:
        done = wait_for(cluster, queued["id"], lambda j: j["state"] not in ("queued", "running"))
        assert done["state"] == "succeeded" and done["attempts"] == 2, done
        versions = cluster.sql(f"SELECT COUNT(*) FROM model_versions WHERE job_id = {queued['id']}")
        assert versions == "1"
        log = open(f"{cluster.directory}/hosts/{'t2' if host == 't1' else 't1'}/run/trainer.log").read()
        assert f"job {queued['id']}" in log
    finally:
        cluster.do("start", host)


def test_a_partitioned_trainer_loses_its_lease_and_writes_nothing_after_healing(cluster):
    project = colour_project(cluster, cluster.data, "Partition", per_class=10)
    queued = start_job(cluster, cluster.data, project, MID_LENGTH)
    host = host_running(cluster, queued["id"])
    cluster.do("partition", host)
    try:
        # The other trainer takes the job over once the lease runs out, and finishes it
        done = wait_for(cluster, queued["id"], lambda j: j["state"] not in ("queued", "running"))
        assert done["state"] == "succeeded" and done["attempts"] == 2, done
        before = requests.get(cluster.url(f"/api/v1/jobs/{queued['id']}"), headers=cluster.data).json()
        versions = cluster.sql(f"SELECT COUNT(*) FROM model_versions WHERE job_id = {queued['id']}")
        epochs = cluster.sql(f"SELECT COUNT(*) FROM job_metrics WHERE job_id = {queued['id']}")
    finally:
        cluster.do("heal", host)
    # After healing, the cut-off run learns its lease is gone and stops…
    log = f"{cluster.directory}/hosts/{host}/run/trainer.log"
    wait_until(lambda: f"job {queued['id']}: lease lost" in open(log).read(), seconds=90, what="the healed trainer to give up")
    # …having written nothing more: the job, its epochs and its versions are as they were
    after = requests.get(cluster.url(f"/api/v1/jobs/{queued['id']}"), headers=cluster.data).json()
    assert (after["state"], after["attempts"], after["progress"], after["finished_at"], after["message"]) == \
           (before["state"], before["attempts"], before["progress"], before["finished_at"], before["message"])
    assert cluster.sql(f"SELECT COUNT(*) FROM model_versions WHERE job_id = {queued['id']}") == versions == "1"
    assert cluster.sql(f"SELECT COUNT(*) FROM job_metrics WHERE job_id = {queued['id']}") == epochs
    # And the healed trainer is still alive and takes the next job
    project = colour_project(cluster, cluster.data, "After the partition", per_class=6)
    cluster.do("stop", "t2" if host == "t1" else "t1")
    try:
        again = start_job(cluster, cluster.data, project, {"architecture": "mlp", "input_size": 16, "epochs": 3, "width": 16})
        assert wait_for(cluster, again["id"], lambda j: j["state"] not in ("queued", "running"))["state"] == "succeeded"
    finally:
        cluster.do("start", "t2" if host == "t1" else "t1")


@pytest.mark.parametrize("service", ["db", "s3"])
def test_a_restarted_database_or_object_store_gives_errors_only_while_down(cluster, service):
    project = load_project(cluster, f"Restart {service}")
    pids = {host: open(f"{cluster.directory}/hosts/{host}/run/worker.pid").read().strip() for host in ("w1", "w2")}
    threads, results = run_load(cluster, project, seconds=10)
    time.sleep(2)
    window_start = time.time()
    cluster.do("restart", service)
    window_end = time.time()
    for thread in threads:
        thread.join()
    # Outside the restart (with a second's grace for requests in flight): only successes
    outside = [(t - window_start, kind, status) for t, kind, status, _ in results
               if (t < window_start - 1 or t > window_end + 3) and status not in (200, 201)]
    assert outside == [], outside
    # Inside it: successes, or the store's 503 / nginx's 502 for a file it could not fetch
    inside = {status for t, _, status, _ in results if window_start - 1 <= t <= window_end + 3}
    assert inside <= {200, 201, 502, 503}, inside
    check_writes(cluster, project, results)
    # Recovered without restarting Loupe: the same worker masters, and a request after the window succeeds
    assert {host: open(f"{cluster.directory}/hosts/{host}/run/worker.pid").read().strip() for host in ("w1", "w2")} == pids
    assert requests.get(cluster.url(f"/api/v1/projects/{project['id']}/images"), headers=cluster.data).status_code == 200


def test_the_same_bytes_uploaded_on_both_hosts_at_once_make_one_image_and_one_object(cluster):
    project = requests.post(cluster.url("/api/v1/projects"), headers=cluster.data, json={"name": "Race"}).json()
    payload = photo(77_777, True)
    before = {host: cluster.host_metric(host, 'loupe_http_requests_total{method="POST",route="/api/v1/projects/{id}/images"')
              for host in ("w1", "w2")}
    statuses, barrier = [], threading.Barrier(8)

    def upload(n):
        barrier.wait()
        response = requests.post(cluster.url(f"/api/v1/projects/{project['id']}/images"), params={"file_name": f"same-{n}.jpg"},
                                 headers=cluster.data, data=payload)
        statuses.append((response.status_code, response.json().get("duplicate")))

    threads = [threading.Thread(target=upload, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    uploads = lambda: {host: cluster.host_metric(host, 'loupe_http_requests_total{method="POST",route="/api/v1/projects/{id}/images"')
                       for host in ("w1", "w2")}
    wait_until(lambda: sum(uploads().values()) - sum(before.values()) == 8, seconds=20, what="upload metrics")
    after = uploads()
    assert all(after[h] > before[h] for h in after), (before, after)  # both hosts took part
    assert sorted(statuses) == [(200, True)] * 7 + [(201, False)], statuses
    images = requests.get(cluster.url(f"/api/v1/projects/{project['id']}/images"), headers=cluster.data).json()["images"]
    assert len(images) == 1
    parts = urllib.parse.urlsplit(cluster.object_store)
    s3 = boto3.client("s3", endpoint_url=f"http://{parts.hostname}:{parts.port}", region_name="us-east-1",
                      aws_access_key_id=parts.username, aws_secret_access_key=parts.password)
    sha = hashlib.sha256(payload).hexdigest()
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket="loupe", Prefix=f"images/{sha[:2]}/{sha[2:4]}/{sha}")["Contents"]]
    assert keys == [f"images/{sha[:2]}/{sha[2:4]}/{sha}.jpg"]


def test_prometheus_scrapes_each_worker_host_with_the_example_config(cluster, tmp_path):
    config = tmp_path / "prometheus.yml"
    examples = ROOT / "scripts" / "monitoring"
    config.write_text((examples / "prometheus-cluster.yml").read_text()
                      .replace("127.0.0.1:8080", f"127.0.0.1:{cluster.port}").replace("15s", "1s"))
    (tmp_path / "loupe-alerts.yml").write_text((examples / "loupe-alerts.yml").read_text())
    subprocess.run(["promtool", "check", "config", config], check=True, capture_output=True)
    prometheus, api = start_prometheus(config, tmp_path)
    try:
        # Each worker host is a target of its own, up, and its worker processes are counted apart
        wait_until(lambda: sorted(t["labels"]["instance"] for t in requests.get(f"{api}/targets").json()["data"]["activeTargets"]
                                  if t["health"] == "up") == ["w1", "w2"], seconds=30, what="both hosts scraped")
        answer = requests.get(f"{api}/query", params={"query": "loupe_worker_processes"}).json()["data"]["result"]
        assert sorted(r["metric"]["instance"] for r in answer) == ["w1", "w2"]
        assert all(float(r["value"][1]) >= 1 for r in answer)
    finally:
        prometheus.terminate()
        prometheus.wait(timeout=20)
