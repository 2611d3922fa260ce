"""Faults on the cluster under load, for scripts/bench-cluster (standard library only). One run of
the wrk mix (load.lua) through the cluster's nginx while, on a schedule: a worker host is killed
(every process on it at once) and started again, the trainer host running a job is killed, the
PostgreSQL host's server is restarted and the object store is restarted. Each fault's window gets
its 5xx rate and recovery time (timeline.py, as scripts/bench-faults reports them); afterwards: no
acknowledged save lost, the job finished once with one model version. The last line, SUMMARY, is
for the side-by-side table.

usage: cluster_faults.py BASE TOKEN DATABASE_URL SECONDS CONNECTIONS   (env: LOUPE_CLUSTER_DIR …)
"""
import contextlib
import io
import json
import os
import subprocess
import sys
import threading
import time
import urllib.error

import load_check
from timeline import acknowledged_saves_lost, read_timeline, report_run, summary

BASE, TOKEN, DATABASE = sys.argv[1:4]
SECONDS, CONNECTIONS = int(sys.argv[4]), int(sys.argv[5])
HERE = os.path.dirname(os.path.abspath(__file__))
CLUSTER = os.path.join(os.path.dirname(HERE), "cluster")
WORK = os.environ["LOUPE_CLUSTER_DIR"]


def api(method, path, body=None):
    return load_check.call(BASE, TOKEN, method, path, None if body is None else json.dumps(body).encode())


def cluster(*args):
    subprocess.run([CLUSTER, *args], check=True, capture_output=True)


def wait_for(predicate, seconds=120):
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        try:
            if predicate():
                return time.monotonic() - started
        except (urllib.error.URLError, OSError, subprocess.CalledProcessError):
            pass  # the store, or psql's server, is down for the moment
        time.sleep(0.05)
    return None


def sql(query):
    return subprocess.run(["psql", DATABASE, "-Atc", query], capture_output=True, text=True, check=True).stdout.strip()


class Faults:
    def __init__(self, started, job, image):
        self.started, self.job, self.image = started, job, image
        self.windows, self.recovery, self.notes = {}, {}, {}

    def at(self, fraction):
        moment = self.started + fraction * SECONDS
        time.sleep(max(0.0, moment - time.time()))
        return time.time()

    def record(self, name, start, recovery, note, end=None):
        self.windows[name] = (start, end or time.time())
        self.recovery[name] = recovery
        self.notes[name] = note

    def worker_host(self):
        start = self.at(0.12)
        cluster("kill", "w1")
        self.at(0.24)
        restarted = time.time()
        cluster("start", "w1")
        back = wait_for(lambda: load_check.call(BASE, TOKEN, "GET", "/metrics/hosts/w1") is not None, 60)
        self.record("worker host w1 killed", start, back, f"(down {restarted - start:.1f} s; recovery: until w1 serves again)")

    def trainer_host(self):
        start = self.at(0.04)
        owner = sql(f"SELECT lease_owner FROM jobs WHERE id = {self.job}")
        attempts = int(sql(f"SELECT attempts FROM jobs WHERE id = {self.job}"))
        host = owner.split(":")[0] if owner else ""
        if host not in ("t1", "t2"):
            self.notes["trainer host killed mid-job"] = f"(skipped: the job was not running, owner {owner!r})"
            return
        cluster("kill", host)
        resumed = wait_for(lambda: int(sql(f"SELECT attempts FROM jobs WHERE id = {self.job}")) > attempts
                           and sql(f"SELECT state FROM jobs WHERE id = {self.job}") in ("running", "succeeded"), 180)
        # Requests do not go through trainers: its window is the kill itself, its recovery the takeover.
        self.record("trainer host killed mid-job", start, resumed, f"({host}; recovery: until the other runs it as attempt {attempts + 1})",
                    end=start + 2)
        cluster("start", host)

    def restart(self, service, fraction, name, works):
        start = self.at(fraction)
        cluster("restart", service)
        started_again = time.time()
        back = wait_for(works, 60)
        self.record(name, start, back, f"(down {started_again - start:.1f} s; recovery counted from its start)")

    def database(self):
        self.restart("db", 0.50, "PostgreSQL host restarted", lambda: bool(api("POST", "/api/v1/projects", {"name": f"after {time.time()}"}).get("id")))

    def object_store(self):
        self.restart("s3", 0.72, "object store restarted",
                     lambda: len(load_check.call(BASE, TOKEN, "GET", f"/api/v1/images/{self.image}/thumbnail")) > 0)


def main():
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        load_check.setup(BASE, TOKEN, 100)
    project, label, ids = out.getvalue().split()
    training = api("POST", "/api/v1/projects", {"name": f"Cluster faults training {time.time():.0f}"})
    labels = [api("POST", f"/api/v1/projects/{training['id']}/labels", {"name": n})["id"] for n in ("red", "blue")]
    for n in range(32):
        image = load_check.call(BASE, TOKEN, "POST", f"/api/v1/projects/{training['id']}/images?file_name=t{n}.png",
                                load_check.png(64, n), "image/png")["image"]
        api("PUT", f"/api/v1/images/{image['id']}/annotations", {"revision": 0, "shapes": [{"type": "tag", "label_id": labels[n % 2]}]})
    job = api("POST", f"/api/v1/projects/{training['id']}/jobs",
              {"kind": "train", "config": {"architecture": "cnn", "input_size": 64, "epochs": 500, "patience": 500,
                                           "conv_channels": [16, 32]}})["id"]
    wait_for(lambda: sql(f"SELECT state FROM jobs WHERE id = {job}") == "running", 120)

    acks, timeline = os.path.join(WORK, "acks"), os.path.join(WORK, "timeline.txt")
    os.makedirs(acks, exist_ok=True)
    faults = Faults(time.time(), job, ids.split(",")[0])
    injectors = [threading.Thread(target=f, daemon=True) for f in (faults.worker_host, faults.trainer_host, faults.database, faults.object_store)]
    for injector in injectors:
        injector.start()
    env = dict(os.environ, LOAD_TOKEN=TOKEN, LOAD_PROJECT=project, LOAD_LABEL=label, LOAD_IMAGES=ids, LOAD_THREADS="2",
               LOAD_ACKS=acks, LOAD_TIMELINE=timeline)
    subprocess.run(["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--timeout", "10s", "-s", os.path.join(HERE, "load.lua"), BASE],
                   env=env, capture_output=True, text=True)
    for injector in injectors:
        injector.join()

    counts = read_timeline(timeline)
    print(f"{'whole run':<28} {SECONDS:5.1f} s  {sum(n for _, _, n in counts):,} answered")
    for name, note in faults.notes.items():
        if name not in faults.windows:
            print(f"{name:<28} {note}")
    report_run(counts, faults.started, SECONDS, faults.windows, faults.recovery, faults.notes, 0.04, 0.85)

    failures, lost = acknowledged_saves_lost(acks, DATABASE)
    wait_for(lambda: sql(f"SELECT state FROM jobs WHERE id = {job}") in ("succeeded", "failed", "cancelled"), 900)
    state, attempts = sql(f"SELECT state FROM jobs WHERE id = {job}"), sql(f"SELECT attempts FROM jobs WHERE id = {job}")
    versions = sql(f"SELECT COUNT(*) FROM model_versions WHERE job_id = {job}")
    correct = state == "succeeded" and versions == "1"
    print(f"trainer's job {job}: {state} after {attempts} attempts, {versions} model version(s)" + (" (correct)" if correct else " (WRONG)"))
    failures += not correct
    print(summary(counts, faults.windows, faults.recovery, lost, state))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
