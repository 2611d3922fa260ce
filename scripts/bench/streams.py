"""scripts/bench-streams' driver (standard library only): a running training job, then the worker
routes measured with wrk with 0, 50 and 200 of the job's event streams open through nginx.

  streams.py BASE TOKEN EVENTS_PID SECONDS
"""
import json
import re
import socket
import subprocess
import sys
import threading
import time

from load_check import call, png


def start_long_job(base, token):
    """A project of 40 tagged images and a CNN job long enough to run through every phase."""
    project = call(base, token, "POST", "/api/v1/projects", json.dumps({"name": f"Streams {time.time():.0f}"}).encode())
    labels = [call(base, token, "POST", f"/api/v1/projects/{project['id']}/labels", json.dumps({"name": n}).encode())["id"]
              for n in ("dark", "light")]
    for n in range(40):
        image = call(base, token, "POST", f"/api/v1/projects/{project['id']}/images?file_name=s{n}.png", png(64, n * 2), "image/png")
        shapes = [{"type": "tag", "label_id": labels[n % 2]}]
        call(base, token, "PUT", f"/api/v1/images/{image['image']['id']}/annotations",
             json.dumps({"revision": 0, "shapes": shapes}).encode())
    config = {"architecture": "cnn", "input_size": 64, "epochs": 500, "patience": 500, "conv_channels": [16, 32]}
    job = call(base, token, "POST", f"/api/v1/projects/{project['id']}/jobs", json.dumps({"kind": "train", "config": config}).encode())
    while call(base, token, "GET", f"/api/v1/jobs/{job['id']}")["state"] != "running":
        time.sleep(0.2)
    return job["id"]


class Stream:
    """One job page's EventSource: a socket through nginx, drained by a thread."""

    def __init__(self, port, job_id, token):
        self.events = 0
        self.head = b""
        self.socket = socket.create_connection(("127.0.0.1", port))
        self.socket.sendall(f"GET /api/v1/jobs/{job_id}/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\r\n".encode())
        threading.Thread(target=self.drain, daemon=True).start()

    def drain(self):
        while True:
            try:
                chunk = self.socket.recv(65536)
            except OSError:
                return
            if not chunk:
                return
            if len(self.head) < 200:
                self.head += chunk[:200]
            self.events += chunk.count(b"event: epoch")


def wrk(base, path, token, seconds):
    out = subprocess.run(["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency", "-H", f"Authorization: Bearer {token}", base + path],
                         capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    def quantile(q):
        value, unit = re.search(rf"\s{q}%\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    return rate, quantile(50), quantile(99)


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as status:
        return int(re.search(r"VmRSS:\s+(\d+)", status.read()).group(1)) / 1024


def main(base, token, events_pid, seconds):
    port = int(base.rsplit(":", 1)[1])
    job = start_long_job(base, token)
    streams = []
    baseline = {}
    print(f"{'open streams':>12} {'route':<16} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'× no streams':>13} {'events RSS':>11}")
    for count in (0, 50, 200):
        while len(streams) < count:
            streams.append(Stream(port, job, token))
        time.sleep(2)  # every stream has its head and first events
        for path in ("/api/v1/health", "/api/v1/me"):
            rate, p50, p99 = wrk(base, path, token, seconds)
            baseline.setdefault(path, rate)
            print(f"{count:>12} {path:<16} {rate:>8.0f} {p50:>8.2f} {p99:>8.2f} {rate / baseline[path]:>13.2f} {rss_mib(events_pid):>9.1f} M")
    receiving = sum(1 for s in streams if s.events > 0)
    statuses = {}
    for s in streams:
        status = s.head.split(b"\r\n", 1)[0].decode(errors="replace") or "(nothing yet)"
        statuses[status] = statuses.get(status, 0) + 1
    print(f"streams that received epochs: {receiving} of {len(streams)}; answers: {statuses}")
    quiet = [s for s in streams if s.events == 0][:1]
    if quiet:
        print(f"first bytes of a stream without epochs: {quiet[0].head[:300]!r}")
    call(base, token, "POST", f"/api/v1/jobs/{job}/cancel", b"{}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
