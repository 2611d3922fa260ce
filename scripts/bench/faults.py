"""Faults under load, for scripts/bench-faults (standard library only). One run of the wrk mix
(load.lua, as in scripts/bench-load) while faults are injected on a schedule: worker children
SIGKILLed every 2 s, the trainer SIGKILLed mid-job and restarted, nginx stopped and started, the
data dir's filesystem filled up and freed. wrk counts statuses per tenth of a second, so each
fault's window gets its own failed-request rate; recovery times are measured by probing. Afterwards:
no acknowledged save lost, integrity_check ok, no temporary or unreferenced files under data/, the
trainer's job in a correct final state, and the processes' memory within a stated bound.
With LOUPE_DATABASE_URL (PostgreSQL) the store is that database, and with LOUPE_FAULTS_POSTGRES_DIR
(a scripts/postgres server) the server is also restarted under load. The last line, SUMMARY, is for
scripts/bench-faults' side-by-side table.

usage: faults.py DATA BASE TOKEN BIN_DIR SECONDS CONNECTIONS
"""
import contextlib
import glob
import io
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import load_check
from timeline import acknowledged_saves_lost, read_timeline, report_run, summary

DATA, BASE, TOKEN, BIN = sys.argv[1:5]
SECONDS, CONNECTIONS = int(sys.argv[5]), int(sys.argv[6])
RUN = os.path.join(DATA, "run")
WORK = os.path.dirname(DATA)
HERE = os.path.dirname(os.path.abspath(__file__))
# No process may grow by more than this over the run (worker children are replaced when killed, so
# theirs is the largest child's; the master holds the metrics registry; the trainer is restarted).
RSS_GROWTH_BOUND_MIB = 64
STORE = os.environ.get("LOUPE_DATABASE_URL") or os.path.join(DATA, "loupe.sqlite")
POSTGRES_DIR = os.environ.get("LOUPE_FAULTS_POSTGRES_DIR")


def healthy():
    try:
        with urllib.request.urlopen(BASE + "/api/v1/health", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def wait_for(predicate, seconds=120):
    """Seconds until predicate() held, or None."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if predicate():
            return time.monotonic() - started
        time.sleep(0.05)
    return None


def pid(name):
    with open(os.path.join(RUN, f"{name}.pid")) as f:
        return int(f.read())


def children():
    out = subprocess.run(["pgrep", "-P", str(pid("worker"))], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def rss_mib(process):
    try:
        with open(f"/proc/{process}/status") as f:
            return next(int(line.split()[1]) // 1024 for line in f if line.startswith("VmRSS"))
    except (OSError, StopIteration):
        return 0


def memory():
    """Resident MiB of the worker master, its largest child and the trainer."""
    return {"worker master": rss_mib(pid("worker")), "largest worker child": max(map(rss_mib, children()), default=0),
            "trainer": rss_mib(pid("trainer"))}


class Faults:
    """The schedule, as offsets into the run scaled to its length, and what each fault measured."""

    def __init__(self, started):
        self.started = started
        self.windows = {}  # name → (start, end) in wall-clock seconds
        self.recovery = {}
        self.notes = {}

    def at(self, fraction):
        """Sleeps until that share of the run has passed; returns the wall-clock time."""
        moment = self.started + fraction * SECONDS
        time.sleep(max(0.0, moment - time.time()))
        return time.time()

    def worker_kills(self):
        start = self.at(0.15)
        workers, kills, slowest = len(children()), 0, 0.0
        while time.time() < self.started + 0.30 * SECONDS:
            os.kill(children()[0], signal.SIGKILL)
            kills += 1
            replaced = wait_for(lambda: len(children()) == workers and healthy(), 30)
            slowest = max(slowest, float("inf") if replaced is None else replaced)
            time.sleep(max(0.0, 2 - slowest))
        self.windows["SIGKILL a worker every 2 s"] = (start, time.time())
        self.recovery["SIGKILL a worker every 2 s"] = slowest
        self.notes["SIGKILL a worker every 2 s"] = f"({kills} kills; slowest replacement)"

    def trainer_kill(self, job):
        start = self.at(0.33)
        before = job_state(job)
        os.kill(pid("trainer"), signal.SIGKILL)
        time.sleep(1)
        start_trainer()
        # Recovery: until the job runs again (the new trainer sees that the lease's process has exited)
        resumed = wait_for(lambda: job_state(job)["attempts"] > before["attempts"]
                           and job_state(job)["state"] in ("running", "succeeded"), 180)
        self.windows["SIGKILL the trainer mid-job"] = (start, start + 5)
        self.recovery["SIGKILL the trainer mid-job"] = None if resumed is None else time.time() - start
        self.notes["SIGKILL the trainer mid-job"] = f"(killed at {before['progress']:.0%}, attempt {before['attempts']}; until the job runs again)"

    def nginx_bounce(self):
        start = self.at(0.45)
        conf = os.path.join(RUN, "nginx.conf")
        subprocess.run(["nginx", "-c", conf, "-s", "stop"], check=False)
        wait_for(lambda: not os.path.exists(os.path.join(RUN, "nginx.pid")), 10)
        time.sleep(3)
        restarted = time.time()
        subprocess.run(["nginx", "-c", conf, "-e", os.path.join(RUN, "nginx-error.log")], check=True)
        back = wait_for(healthy, 30)
        self.windows["nginx stopped 3 s, started"] = (start, time.time())
        self.recovery["nginx stopped 3 s, started"] = back
        self.notes["nginx stopped 3 s, started"] = f"(down {restarted - start:.1f} s; recovery counted from the start command)"

    def postgres_restart(self):
        """The database server stopped (fast shutdown: sessions cut) for 3 s and started again."""
        start = self.at(0.80)
        postgres = os.path.join(os.path.dirname(HERE), "postgres")
        subprocess.run([postgres, "stop", POSTGRES_DIR], check=True, capture_output=True)
        time.sleep(3)
        restarted = time.time()
        subprocess.run([postgres, "start", POSTGRES_DIR], check=True, capture_output=True)
        back = wait_for(save_works, 60)
        self.windows["PostgreSQL restarted"] = (start, time.time())
        self.recovery["PostgreSQL restarted"] = back
        self.notes["PostgreSQL restarted"] = f"(down {restarted - start:.1f} s; recovery counted from its start)"

    def disk_full(self):
        start = self.at(0.60)
        filler = os.path.join(DATA, "filler")
        subprocess.run(["dd", "if=/dev/zero", f"of={filler}", "bs=1M"], capture_output=True)
        self.at(0.72)
        os.remove(filler)
        freed = time.time()
        back = wait_for(save_works, 60)
        self.windows["disk full, then freed"] = (start, time.time())
        self.recovery["disk full, then freed"] = back
        self.notes["disk full, then freed"] = f"(full {freed - start:.1f} s; recovery counted from freeing it)"


def start_trainer():
    subprocess.Popen([os.path.join(BIN, "loupe-trainer"), "--data-dir", DATA, "--pid-file", os.path.join(RUN, "trainer.pid")],
                     stdout=open(os.path.join(RUN, "trainer.log"), "ab"), stderr=subprocess.STDOUT, start_new_session=True)


def run_load(project, label, ids, acks, timeline):
    env = dict(os.environ, LOAD_TOKEN=TOKEN, LOAD_PROJECT=project, LOAD_LABEL=label, LOAD_IMAGES=ids, LOAD_THREADS="2",
               LOAD_ACKS=acks, LOAD_TIMELINE=timeline)
    out = subprocess.run(["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--timeout", "5s", "-s", os.path.join(HERE, "load.lua"), BASE],
                         env=env, capture_output=True, text=True).stdout
    # Socket errors are counted apart, and only for the whole run: with nginx down wrk reconnects at
    # once, thousands of times a second, so they measure the downtime rather than requests.
    return sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))


def main():
    project, label, ids = load_check_setup()
    training = training_project()
    job = start_training_job(training)
    wait_for(lambda: job_state(job)["progress"] > 0.2 or job_state(job)["state"] in ("succeeded", "failed", "cancelled"), 300)
    if job_state(job)["state"] != "running":
        sys.exit(f"the training job is not running, so the trainer cannot be killed mid-job: {job_state(job)}")
    acks, timeline = os.path.join(WORK, "acks"), os.path.join(WORK, "timeline.txt")
    os.makedirs(acks, exist_ok=True)
    before = memory()

    faults = Faults(started=time.time())
    schedule = [faults.worker_kills, lambda: faults.trainer_kill(job), faults.nginx_bounce, faults.disk_full]
    if POSTGRES_DIR:
        schedule.append(faults.postgres_restart)
    injectors = [threading.Thread(target=f, daemon=True) for f in schedule]
    for injector in injectors:
        injector.start()
    socket_errors = run_load(project, label, ids, acks, timeline)
    for injector in injectors:
        injector.join()
    after = memory()

    counts = read_timeline(timeline)
    print(f"{'whole run':<28} {SECONDS:5.1f} s  {sum(n for _, _, n in counts):,} answered, {socket_errors:,} socket errors (connections refused while nginx was down)")
    report_run(counts, faults.started, SECONDS, faults.windows, faults.recovery, faults.notes, 0.15, 0.75)

    # After all of it
    failures, lost = acknowledged_saves_lost(acks, STORE)
    failures += check_files()
    wait_for(lambda: job_state(job)["state"] in ("succeeded", "failed", "cancelled"), 900)
    state = job_state(job)
    correct = state["state"] == "succeeded"
    with open(os.path.join(RUN, "trainer.log"), errors="replace") as log:
        pauses = re.findall(r"disk space is back after (\d+) s", log.read())
    paused = f"; it waited {', '.join(pauses)} s for disk space" if pauses else "; the full disk did not reach it"
    print(f"trainer's job {job}: {state['state']} after {state['attempts']} attempts{paused}"
          + (" (correct)" if correct else f" (WRONG: {state['message']})"))
    failures += not correct
    for process in before:
        growth = after[process] - before[process]
        print(f"{process} RSS: {before[process]} → {after[process]} MiB, growth {growth} (bound {RSS_GROWTH_BOUND_MIB}: "
              + ("met)" if growth <= RSS_GROWTH_BOUND_MIB else "MISSED)"))
        failures += growth > RSS_GROWTH_BOUND_MIB
    print(summary(counts, faults.windows, faults.recovery, lost, state["state"]))
    sys.exit(1 if failures else 0)


def load_check_setup():
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        load_check.setup(BASE, TOKEN, 200)
    return out.getvalue().split()


def api(method, path, body=None):
    return load_check.call(BASE, TOKEN, method, path, None if body is None else json.dumps(body).encode())


def training_project():
    """A small project tagged red or blue, to train on."""
    project = api("POST", "/api/v1/projects", {"name": f"Faults training {time.time():.0f}"})
    labels = [api("POST", f"/api/v1/projects/{project['id']}/labels", {"name": n})["id"] for n in ("red", "blue")]
    for n in range(48):
        png = load_check.png(64, n)
        image = load_check.call(BASE, TOKEN, "POST", f"/api/v1/projects/{project['id']}/images?file_name=t{n}.png", png, "image/png")["image"]
        api("PUT", f"/api/v1/images/{image['id']}/annotations", {"revision": 0, "shapes": [{"type": "tag", "label_id": labels[n % 2]}]})
    return project


def start_training_job(project):
    return api("POST", f"/api/v1/projects/{project['id']}/jobs",
               {"kind": "train", "config": {"architecture": "cnn", "input_size": 64, "epochs": 500, "patience": 500,
                                            "conv_channels": [16, 32]}})["id"]


def job_state(job_id):
    try:
        return api("GET", f"/api/v1/jobs/{job_id}")
    except (urllib.error.URLError, OSError):
        return {"state": "unknown", "attempts": 0, "progress": 0, "message": "unreachable"}


def save_works():
    """A write that must reach the store: the proof that a freed disk (or a restarted server) is usable again."""
    try:
        return bool(api("POST", "/api/v1/projects", {"name": f"after the disk was freed {time.time()}"}).get("id"))
    except (urllib.error.URLError, OSError):
        return False


def check_files():
    """Temporary files left by interrupted writes, and stored files no row names."""
    db = load_check.Store(STORE)
    referenced = set()
    for row in db.rows("SELECT original_path, thumbnail_path, display_path FROM images"):
        referenced.update(p for p in row if p)
    referenced.update(p for (p,) in db.rows("SELECT artifact_path FROM model_versions") if p)
    stored = set()
    for folder in ("images", "thumbs", "display", "models"):
        for path in glob.glob(os.path.join(DATA, folder, "**", "*"), recursive=True):
            if os.path.isfile(path):
                stored.add(os.path.relpath(path, DATA))
    temporary = [p for p in glob.glob(os.path.join(DATA, "tmp", "**", "*"), recursive=True) if os.path.isfile(p)]
    temporary += [p for p in glob.glob(os.path.join(DATA, "**", ".*partial*"), recursive=True)]
    orphans = sorted(stored - referenced)
    missing = sorted(referenced - stored)
    print(f"files: {len(stored)} stored, {len(orphans)} unreferenced, {len(missing)} missing, {len(temporary)} temporary left over")
    for path in (orphans + missing + temporary)[:5]:
        print("  e.g.", path)
    return 1 if orphans or missing or temporary else 0


if __name__ == "__main__":
    main()
