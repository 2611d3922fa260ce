"""Job pages' live streams come from the event process, not the request workers: 50 open streams on a
running job leave every other route at its normal latency, and each stream keeps getting epochs and
heartbeats through nginx."""
import socket
import statistics
import threading
import time

import requests

from conftest import wait_until
from test_training import LONG, colour_project, start_job, wait_for_job

STREAMS = 50
# Runs for a minute or more on this tiny set, so it is still running when the test cancels it.
ENDLESS = dict(LONG, input_size=64, epochs=500, patience=500)


def latencies(stack, headers, rounds=3):
    """Seconds per request for a mix of worker routes: health, an authenticated read, a project's image list."""
    paths = ["/api/v1/health", "/api/v1/me", "/api/v1/projects"]
    times = []
    for _ in range(rounds):
        for path in paths:
            started = time.monotonic()
            response = requests.get(stack.url(path), headers=headers, timeout=30)
            times.append(time.monotonic() - started)
            assert response.status_code == 200, (path, response.status_code, response.text)
    return times


class RawStream:
    """One EventSource-like client on a plain socket: sends the request, then counts what arrives."""

    def __init__(self, stack, job_id, token):
        self.socket = socket.create_connection(("127.0.0.1", stack.port), timeout=30)
        self.socket.sendall((f"GET /api/v1/jobs/{job_id}/stream HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n"
                             f"Authorization: Bearer {token}\r\n\r\n").encode())
        self.received = b""
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self.read, daemon=True)
        self.thread.start()

    def read(self):
        while True:
            try:
                chunk = self.socket.recv(65536)
            except OSError:
                return
            if not chunk:
                return
            with self.lock:
                self.received += chunk

    def text(self):
        """The response head and the body so far, its chunked transfer coding taken off: nginx cuts
        chunks wherever a read of the event process ended, which may fall inside an event."""
        return self.decoded()[0]

    def ended(self):
        """Whether the body's last, empty chunk has arrived."""
        return self.decoded()[1]

    def decoded(self):
        with self.lock:
            raw = self.received
        head, separator, rest = raw.partition(b"\r\n\r\n")
        if not separator or b"transfer-encoding: chunked" not in head.lower():
            return raw.decode(errors="replace"), False
        body = b""
        while True:
            size_line, newline, after = rest.partition(b"\r\n")
            if not newline:
                break
            size = int(size_line.split(b";")[0], 16)
            if size == 0:
                return (head + separator + body).decode(errors="replace"), True
            body += after[:size]
            if len(after) < size + 2:
                break
            rest = after[size + 2:]
        return (head + separator + body).decode(errors="replace"), False

    def count(self, marker):
        return self.text().count(marker)

    def close(self):
        self.socket.close()


def test_fifty_open_job_streams_leave_the_workers_free(fresh_stack):
    # Given a stack with the default two request workers, a heartbeat every second, and a long job running
    stack = fresh_stack(heartbeat_seconds=1).start()
    stack.start_trainer()
    stack.add_user("streams-data", "data")
    token = stack.token("streams-data")
    headers = {"Authorization": f"Bearer {token}"}
    project = colour_project(stack, headers, "Fifty streams", per_class=12)
    job = start_job(stack, headers, project, ENDLESS)
    wait_for_job(stack, headers, job["id"], lambda j: j["state"] == "running" and len(j["metrics"]) >= 1, what="job running")
    before = latencies(stack, headers)
    # When 50 people open the job's page (each an event stream through nginx)
    streams = [RawStream(stack, job["id"], token) for _ in range(STREAMS)]
    try:
        wait_until(lambda: all(s.count("event: epoch") >= 1 for s in streams), seconds=30, what="every stream's first epochs")
        assert all(s.text().startswith("HTTP/1.1 200") and "text/event-stream" in s.text() for s in streams)
        # Then the workers' routes answer as fast as before (they waited up to 55 s behind two streams)
        during = latencies(stack, headers)
        print(f"median latency without streams {statistics.median(before) * 1000:.1f} ms, "
              f"with {STREAMS} streams {statistics.median(during) * 1000:.1f} ms; slowest {max(during) * 1000:.1f} ms")
        assert max(during) < 2.0, during
        assert statistics.median(during) < 5 * statistics.median(before) + 0.05, (before, during)
        # And every stream keeps receiving new epochs
        counts = [s.count("event: epoch") for s in streams]
        wait_until(lambda: all(s.count("event: epoch") > c for s, c in zip(streams, counts)), seconds=30, what="more epochs")
        # And streams of a job waiting in the queue behind it (nothing to send) get heartbeats instead
        waiting = start_job(stack, headers, project, {"architecture": "mlp", "epochs": 1})
        idle = [RawStream(stack, waiting["id"], token) for _ in range(3)]
        streams += idle
        wait_until(lambda: all(s.count(": heartbeat") >= 2 for s in idle), seconds=15, what="heartbeats")
        assert all('"state":"queued"' in s.text() and "event: epoch" not in s.text() for s in idle)
        requests.post(stack.url(f"/api/v1/jobs/{waiting['id']}/cancel"), headers=headers).raise_for_status()
        # When the job is cancelled, every stream gets the end, and its response ends (nginx's last, empty chunk)
        requests.post(stack.url(f"/api/v1/jobs/{job['id']}/cancel"), headers=headers).raise_for_status()
        wait_until(lambda: all(s.ended() and s.text().endswith("event: end\ndata: {}\n\n") for s in streams), seconds=30, what="ends")
    finally:
        for s in streams:
            s.close()


def test_streams_refuse_callers_who_cannot_see_the_job(stack):
    # Given a job in a project an outside annotator is not a member of
    stack.add_user("streams-owner", "data")
    stack.add_user("streams-outsider", "annotator")
    owner = {"Authorization": f"Bearer {stack.token('streams-owner')}"}
    project = requests.post(stack.url("/api/v1/projects"), headers=owner, json={"name": "Private stream"}).json()
    job = start_job(stack, owner, project, {"architecture": "mlp", "epochs": 1})
    url = stack.url(f"/api/v1/jobs/{job['id']}/stream")
    # Then the outsider gets the API's 404, an anonymous caller a 401, and a bad path a 404: the one error shape
    outsider = requests.get(url, headers={"Authorization": f"Bearer {stack.token('streams-outsider')}"}, timeout=10)
    assert outsider.status_code == 404 and outsider.json()["error"]["code"] == "not_found", outsider.text
    anonymous = requests.get(url, timeout=10)
    assert anonymous.status_code == 401 and anonymous.json()["error"]["code"] == "unauthenticated", anonymous.text
    assert requests.get(stack.url("/api/v1/jobs/999999/stream"), headers=owner, timeout=10).status_code == 404


def test_a_burst_of_job_pages_opening_at_once_is_never_turned_away(stack):
    # Given a job (queued: no trainer here) and 300 job pages opening at the same moment, as after an nginx reload
    stack.add_user("streams-burst", "data")
    token = stack.token("streams-burst")
    headers = {"Authorization": f"Bearer {token}"}
    project = requests.post(stack.url("/api/v1/projects"), headers=headers, json={"name": "Burst"}).json()
    job = start_job(stack, headers, project, {"architecture": "mlp", "epochs": 1})
    streams = []
    openers = [threading.Thread(target=lambda: streams.append(RawStream(stack, job["id"], token))) for _ in range(300)]
    for opener in openers:
        opener.start()
    for opener in openers:
        opener.join()
    try:
        # Then every one is answered 200 with the job's state (a 64-deep accept queue gave some a 502)
        wait_until(lambda: all('"state":"queued"' in s.text() for s in streams), seconds=30, what="every stream's first event")
        assert all(s.text().startswith("HTTP/1.1 200") for s in streams)
    finally:
        for s in streams:
            s.close()
