"""Loupe's side of scripts/bench-serve, through a running stack. Subcommands:
  setup BASE TOKEN OUT       a project of 256-px photos, two CNN versions trained (v1 in Production),
                             ten copies of v1's file registered (to measure cold loads); writes
                             OUT/body.jpg (one request) and OUT/setup.json
  cold BASE TOKEN OUT        first request to each copy (the worker loads it) against warm requests
  canary BASE TOKEN OUT on|off   start (or roll back) a 50 % canary of v2
  batch BASE TOKEN OUT N     a batch job over N photos: images/s as the trainer measured it
"""
import io
import json
import statistics
import sys
import time

import numpy
import requests
from PIL import Image

MODEL = "Bench colours"


def photo(seed, blue, side=256):
    """A noisy 256-px JPEG, mostly blue or mostly red (the colours the model tells apart)."""
    rng = numpy.random.default_rng(seed)
    pixels = rng.integers(0, 70, (side, side, 3), dtype=numpy.uint8)
    pixels[:, :, 2 if blue else 0] += 170
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, "JPEG", quality=90)
    return out.getvalue()


def wait_job(base, headers, job_id):
    while True:
        job = requests.get(f"{base}/api/v1/jobs/{job_id}", headers=headers).json()
        if job["state"] not in ("queued", "running"):
            assert job["state"] == "succeeded", job
            return job
        time.sleep(0.2)


def project(base, headers, name, count, tagged):
    made = requests.post(f"{base}/api/v1/projects", headers=headers, json={"name": name}).json()
    labels = {c: requests.post(f"{base}/api/v1/projects/{made['id']}/labels", headers=headers, json={"name": c}).json()["id"]
              for c in ("red", "blue")}
    for n in range(count):
        blue = n % 2 == 1
        image = requests.post(f"{base}/api/v1/projects/{made['id']}/images", params={"file_name": f"{n}.jpg"}, headers=headers,
                              data=photo(n, blue)).json()["image"]
        if tagged:
            requests.put(f"{base}/api/v1/images/{image['id']}/annotations", headers=headers,
                         json={"revision": 0, "shapes": [{"type": "tag", "label_id": labels["blue" if blue else "red"]}]}).raise_for_status()
    return made


def setup(base, headers, out):
    train = project(base, headers, "bench serve", 60, tagged=True)
    config = {"architecture": "cnn", "input_size": 64, "conv_channels": [16, 32], "epochs": 6, "model_name": MODEL}
    versions = []
    for seed in (1, 2):
        job = requests.post(f"{base}/api/v1/projects/{train['id']}/jobs", headers=headers,
                            json={"kind": "train", "config": dict(config, seed=seed)}).json()
        versions.append(wait_job(base, headers, job["id"])["model_version"])
    requests.post(f"{base}/api/v1/models/versions/{versions[0]['id']}/stage", headers=headers,
                  json={"stage": "Production", "reason": "bench"}).raise_for_status()
    artifact = requests.get(f"{base}/api/v1/models/versions/{versions[0]['id']}/artifact", headers=headers).content
    copies = []
    for n in range(10):  # new versions of the same file: each is loaded on its first request
        copies.append(requests.post(f"{base}/api/v1/models/versions", headers=headers, data={"name": MODEL},
                                    files={"file": (f"copy{n}.loupe", artifact)}).json()["version"])
    model_id = next(m["id"] for m in requests.get(f"{base}/api/v1/models", headers=headers).json()["models"] if m["name"] == MODEL)
    with open(f"{out}/body.jpg", "wb") as f:
        f.write(photo(10_000, True))
    with open(f"{out}/model.loupe", "wb") as f:
        f.write(artifact)
    json.dump({"model_id": model_id, "copies": copies, "candidate": versions[1]["version"],
               "accuracy": versions[0]["metrics"]["validation_accuracy"]}, open(f"{out}/setup.json", "w"))


def cold(base, headers, out):
    state = json.load(open(f"{out}/setup.json"))
    body = open(f"{out}/body.jpg", "rb").read()
    url = f"{base}/api/v1/serve/{MODEL}@cold/predict"
    send = lambda: requests.post(url, headers=dict(headers, **{"Content-Type": "image/jpeg"}), data=body)
    colds, warms = [], []
    for version in state["copies"]:
        requests.put(f"{base}/api/v1/models/{state['model_id']}/aliases/cold", headers=headers, json={"version": version}).raise_for_status()
        started = time.perf_counter()
        assert send().json()["version"] == version
        colds.append((time.perf_counter() - started) * 1000)
        for _ in range(20):  # both children warm now; time the rest
            started = time.perf_counter()
            send()
            warms.append((time.perf_counter() - started) * 1000)
    # The first request of each copy reached one child cold; the next one may be the other child's first.
    print(f"{statistics.median(colds):.2f} {statistics.median(warms[2::20] + warms[3::20]):.2f} {statistics.median(warms):.2f}")


def canary(base, headers, out, on):
    state = json.load(open(f"{out}/setup.json"))
    if on:
        requests.post(f"{base}/api/v1/models/{state['model_id']}/rollouts", headers=headers, json={
            "candidate_version": state["candidate"], "steps": [50], "dwell_seconds": 3600,
            "guardrails": {"max_p99_ms": None, "max_disagreement": None, "min_requests": 1000000}}).raise_for_status()
    else:
        rollouts = requests.get(f"{base}/api/v1/models/{state['model_id']}/rollouts", headers=headers).json()["rollouts"]
        for rollout in rollouts:
            if rollout["state"] in ("running", "paused"):
                requests.post(f"{base}/api/v1/rollouts/{rollout['id']}/rollback", headers=headers).raise_for_status()


def batch(base, headers, out, count):
    made = project(base, headers, "bench batch", count, tagged=False)
    job = requests.post(f"{base}/api/v1/projects/{made['id']}/jobs", headers=headers,
                        json={"kind": "batch", "config": {"model": MODEL}}).json()
    done = wait_job(base, headers, job["id"])
    rate = float(done["message"].split("(")[1].split(" images/s")[0])
    print(f"{rate:.1f}")


if __name__ == "__main__":
    command, base, token, out = sys.argv[1:5]
    headers = {"Authorization": f"Bearer {token}"}
    if command == "setup":
        setup(base, headers, out)
    elif command == "cold":
        cold(base, headers, out)
    elif command == "canary":
        canary(base, headers, out, sys.argv[5] == "on")
    elif command == "batch":
        batch(base, headers, out, int(sys.argv[5]))
