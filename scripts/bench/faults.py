"""Faults under load, for scripts/bench-faults (standard library only). Each phase runs the wrk mix
(load.lua) for a few seconds while one fault is injected, and prints the failed-request rate and
how long the stack took to recover. Afterwards: no acknowledged save lost, integrity_check ok, no
temporary or unreferenced files under data/, and the trainer's job in a correct final state.

usage: faults.py DATA BASE TOKEN BIN_DIR SECONDS_PER_PHASE
"""
import contextlib
import glob
import io
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import load_check

DATA, BASE, TOKEN, BIN, PHASE_SECONDS = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
RUN = os.path.join(DATA, "run")
HERE = os.path.dirname(os.path.abspath(__file__))


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


def revisions():
    db = sqlite3.connect(f"file:{DATA}/loupe.sqlite?mode=ro", uri=True, timeout=30)
    return ",".join(f"{i}:{r}" for i, r in db.execute("SELECT image_id, MAX(revision) FROM annotation_revisions GROUP BY image_id"))


def run_load(phase, project, label, ids):
    acks = os.path.join(DATA, "..", "acks", phase)
    os.makedirs(acks, exist_ok=True)
    env = dict(os.environ, LOAD_TOKEN=TOKEN, LOAD_PROJECT=project, LOAD_LABEL=label, LOAD_IMAGES=ids, LOAD_THREADS="2",
               LOAD_ACKS=acks, LOAD_REVISIONS=revisions())
    out = subprocess.run(["wrk", "-t2", "-c32", f"-d{PHASE_SECONDS}s", "--timeout", "5s", "-s", os.path.join(HERE, "load.lua"), BASE],
                         env=env, capture_output=True, text=True).stdout
    result = next((l for l in out.splitlines() if l.startswith("RESULT")), "RESULT requests=0 statuses=")
    statuses = dict(map(int, s.split("=")) for s in result.split("statuses=")[1].split(",") if s)
    # Socket errors are counted apart: with nginx down wrk reconnects at once, thousands a second,
    # so they measure the downtime rather than requests.
    socket_errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    answered = sum(statuses.values())
    failed = sum(n for s, n in statuses.items() if s >= 500)
    return answered, failed, statuses, socket_errors


def report(phase, load, recovery, note=""):
    answered, failed, statuses, socket_errors = load
    rate = failed / max(1, answered)
    shown = ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items()))
    recovered = "—" if recovery is None else f"{recovery:.2f} s"
    print(f"{phase:<28} answered {answered:>6}  5xx {failed:>5} ({rate:6.2%})  recovery {recovered:>8}  [{shown}; socket errors {socket_errors}] {note}",
          flush=True)


def in_background(action):
    thread = threading.Thread(target=action, daemon=True)
    thread.start()
    return thread


def main():
    project, label, ids = load_check_setup()
    training = training_project()

    report("no fault (reference)", run_load("reference", project, label, ids), 0)

    # Worker children SIGKILLed every 2 s; the master replaces them
    kills = []
    def kill_workers():
        time.sleep(1)
        while len(kills) < PHASE_SECONDS // 2 - 1:
            victim = children()[0]
            os.kill(victim, signal.SIGKILL)
            kills.append(time.monotonic())
            time.sleep(2)
    killer = in_background(kill_workers)
    load = run_load("worker-kills", project, label, ids)
    killer.join()
    workers = len(children())
    recovery = wait_for(lambda: len(children()) == workers and healthy()) if kills else None
    report("SIGKILL a worker every 2 s", load, recovery, f"({len(kills)} kills)")

    # The trainer SIGKILLed mid-job and started again: the job is retried when its lease expires
    job = start_training_job(training)
    wait_for(lambda: job_state(job)["progress"] > 0.2 or job_state(job)["state"] in ("succeeded", "failed", "cancelled"), 300)
    if job_state(job)["state"] != "running":
        print(f"the training job ended before the trainer could be killed: {job_state(job)}")
    def kill_trainer():
        os.kill(pid("trainer"), signal.SIGKILL)
        time.sleep(1)
        subprocess.Popen([os.path.join(BIN, "loupe-trainer"), "--data-dir", DATA, "--pid-file", os.path.join(RUN, "trainer.pid")],
                         stdout=open(os.path.join(RUN, "trainer.log"), "ab"), stderr=subprocess.STDOUT, start_new_session=True)
    killed_at = time.monotonic()
    kill_trainer()
    # Recovery: from the kill until the job runs again (its lease, 30 s by default, must expire first)
    resumed = {}
    watcher = in_background(lambda: resumed.update(after=wait_for(
        lambda: job_state(job)["attempts"] >= 2 and job_state(job)["state"] in ("running", "succeeded"), 180)))
    load = run_load("trainer-kill", project, label, ids)
    watcher.join()
    wait_for(lambda: job_state(job)["state"] in ("succeeded", "failed", "cancelled"), 600)
    state = job_state(job)
    report("SIGKILL the trainer mid-job", load, None if resumed.get("after") is None else resumed["after"],
           f"(job {job}: {state['state']} at attempt {state['attempts']})")

    # nginx stopped and started again
    conf = os.path.join(RUN, "nginx.conf")
    def bounce_nginx():
        time.sleep(2)
        subprocess.run(["nginx", "-c", conf, "-s", "stop"], check=False)
        wait_for(lambda: not os.path.exists(os.path.join(RUN, "nginx.pid")), 10)
        time.sleep(2)
        subprocess.run(["nginx", "-c", conf, "-e", os.path.join(RUN, "nginx-error.log")], check=True)
        bounce["recovery"] = wait_for(healthy, 30)
    bounce = {}
    bouncer = in_background(bounce_nginx)
    load = run_load("nginx-restart", project, label, ids)
    bouncer.join()
    report("nginx stopped 2 s, started", load, bounce.get("recovery"), "(socket errors: connections refused while nginx was down)")

    # The data dir's filesystem filled up, then freed
    filler = os.path.join(DATA, "filler")
    def fill_disk():
        time.sleep(2)
        subprocess.run(["dd", "if=/dev/zero", f"of={filler}", "bs=1M"], capture_output=True)
        time.sleep(PHASE_SECONDS / 2)
        os.remove(filler)
    filler_thread = in_background(fill_disk)
    load = run_load("disk-full", project, label, ids)
    filler_thread.join()
    recovery = wait_for(save_works, 60)
    report("disk full, then freed", load, recovery)

    # After all of it
    failures = 0
    for phase in sorted(glob.glob(os.path.join(DATA, "..", "acks", "*"))):
        failures += load_check.acks(phase, os.path.join(DATA, "loupe.sqlite"))
    failures += check_files()
    print(f"trainer's job {job}: {state['state']} after {state['attempts']} attempts" + (" (correct)" if state["state"] == "succeeded" else " (WRONG)"))
    failures += state["state"] != "succeeded"
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
    """A write that must reach SQLite: the proof that a freed disk is usable again."""
    try:
        return bool(api("POST", "/api/v1/projects", {"name": f"after the disk was freed {time.time()}"}).get("id"))
    except (urllib.error.URLError, OSError):
        return False


def check_files():
    """Temporary files left by interrupted writes, and stored files no row names."""
    db = sqlite3.connect(f"file:{DATA}/loupe.sqlite?mode=ro", uri=True)
    referenced = set()
    for row in db.execute("SELECT original_path, thumbnail_path, display_path FROM images"):
        referenced.update(p for p in row if p)
    referenced.update(p for (p,) in db.execute("SELECT artifact_path FROM model_versions"))
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
