"""Serving figures for scripts/bench-detect, through a running stack (nginx + worker + trainer):
registers the detector file, uploads the validation images to a project, times a predict job over
them (images/s from queueing to success, so it includes the trainer picking the job up), then 200 sequential POST …/predict calls with one
image each (p50/p99 ms, the first 10 as warm-up). usage: detect_serving.py BASE TOKEN MODEL IMAGES_DIR"""
import json
import os
import sys
import time

import requests

base, token, model, images = sys.argv[1:5]
headers = {"Authorization": f"Bearer {token}"}
with open(model, "rb") as f:
    version = requests.post(f"{base}/api/v1/models/versions", headers=headers, data={"name": "bench detector"},
                            files={"file": ("detector.loupe", f)}).json()
assert version["model_type"] == "object-detector", version
project = requests.post(f"{base}/api/v1/projects", headers=headers, json={"name": "bench detect"}).json()
for digit in range(10):
    requests.post(f"{base}/api/v1/projects/{project['id']}/labels", headers=headers, json={"name": str(digit)}).raise_for_status()
names = sorted(n for n in os.listdir(images) if n.endswith(".jpg"))
for name in names:
    with open(os.path.join(images, name), "rb") as f:
        requests.post(f"{base}/api/v1/projects/{project['id']}/images", params={"file_name": name}, headers=headers,
                      data=f.read()).raise_for_status()
# The job's own timestamps have whole seconds: time it from queueing to success instead (polling every
# 20 ms; the trainer polls for work every second at most, so this includes up to a second of waiting).
started = time.perf_counter()
job = requests.post(f"{base}/api/v1/projects/{project['id']}/jobs", headers=headers,
                    json={"kind": "predict", "config": {"model_version": version["id"]}}).json()
while job["state"] not in ("succeeded", "failed"):
    time.sleep(0.02)
    job = requests.get(f"{base}/api/v1/jobs/{job['id']}", headers=headers).json()
seconds = time.perf_counter() - started
assert job["state"] == "succeeded", job
with open(os.path.join(images, names[0]), "rb") as f:
    body = f.read()
latencies = []
for n in range(210):
    started = time.perf_counter()
    response = requests.post(f"{base}/api/v1/models/versions/{version['id']}/predict", headers=headers, data=body)
    if n >= 10:
        latencies.append((time.perf_counter() - started) * 1000)
    assert response.status_code == 200, response.text
latencies.sort()
print(json.dumps({"predict_job_images": len(names), "predict_job_seconds": seconds,
                  "predict_job_images_per_second": len(names) / max(seconds, 1e-9), "job_message": job["message"],
                  "predict_p50_ms": latencies[len(latencies) // 2], "predict_p99_ms": latencies[int(len(latencies) * 0.99) - 1]}))
