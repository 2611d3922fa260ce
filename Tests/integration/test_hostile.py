"""Hostile clients against the real nginx and worker: bodies and headers too large, internal paths
asked for directly, and slow-loris uploads that must not tie up the worker processes."""
import socket
import sqlite3
import threading
import time

import pytest
import requests

from conftest import fill_disk, free_disk, sqlite_only


@pytest.fixture(scope="module")
def headers(stack):
    stack.add_user("hostile-data", "data")
    return {"Authorization": f"Bearer {stack.token('hostile-data')}"}


def test_a_body_over_the_limit_is_refused_with_the_error_shape(stack, headers):
    # The test stack's worker takes at most 1 MiB (--max-body-bytes)
    response = requests.post(stack.url("/api/v1/projects"), headers=dict(headers, **{"Content-Type": "application/json"}),
                             data=b'{"name":"' + b"x" * (2 << 20) + b'"}')
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"
    assert requests.get(stack.url("/api/v1/health")).ok


def test_oversized_headers_are_refused_by_nginx(stack):
    response = requests.get(stack.url("/api/v1/me"), headers={"X-Padding": "a" * 64_000})
    assert response.status_code in (400, 494)
    assert requests.get(stack.url("/api/v1/health")).ok


def test_internal_and_data_paths_cannot_be_fetched_directly(stack):
    for path in ["/_files/loupe.sqlite", "/_files/../loupe.sqlite", "/_artifacts/loupe.sqlite",
                 "/../data/loupe.sqlite", "/%2e%2e/loupe.sqlite", "/api/v1/../../loupe.sqlite", "/run/worker.sock"]:
        with socket.create_connection(("127.0.0.1", stack.port)) as raw:
            # Sent byte for byte, so no client library normalises the path first
            raw.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
            answer = raw.makefile("rb").read()
        status = int(answer.split(b" ", 2)[1])
        assert status in (400, 403, 404), (path, answer[:200])
        assert b"SQLite format" not in answer


def test_slow_loris_uploads_hold_nginx_connections_but_never_the_workers(stack, headers):
    project = requests.post(stack.url("/api/v1/projects"), headers=headers, json={"name": "Slow"}).json()
    stop = threading.Event()

    def trickle():
        with socket.create_connection(("127.0.0.1", stack.port)) as raw:
            raw.sendall((f"POST /api/v1/projects/{project['id']}/images?file_name=s.jpg HTTP/1.1\r\nHost: x\r\n"
                         f"Authorization: {headers['Authorization']}\r\nContent-Length: 100000\r\n\r\n").encode())
            while not stop.is_set():
                raw.sendall(b"x")
                time.sleep(0.5)

    # Given more slow uploads than there are worker processes, each sending a byte every half second
    threads = [threading.Thread(target=trickle, daemon=True) for _ in range(stack.workers * 4)]
    for thread in threads:
        thread.start()
    time.sleep(2)
    try:
        # Then the workers still answer at once: nginx holds the bodies until they are whole
        started = time.monotonic()
        for _ in range(10):
            assert requests.get(stack.url("/api/v1/me"), headers=headers, timeout=5).ok
        assert time.monotonic() - started < 5
    finally:
        stop.set()


@sqlite_only  # on PostgreSQL the database's disk is the server's, not this tmpfs
def test_a_full_disk_answers_507_disk_full_and_nothing_is_lost(small_disk_stack):
    # Given a stack whose data dir is a small filesystem of its own
    stack = small_disk_stack.start()
    data = stack.data
    stack.add_user("disk-data", "data")
    headers = {"Authorization": f"Bearer {stack.token('disk-data')}"}
    saved = requests.post(stack.url("/api/v1/projects"), headers=headers, json={"name": "Before"})
    assert saved.status_code == 201
    # When the filesystem fills up, a write is refused with a reason the client can show
    fill_disk(data)
    for n in range(50):  # SQLite may fit a write into free pages; a few more fill them
        refused = requests.post(stack.url("/api/v1/projects"), headers=headers,
                                json={"name": f"Full {n}", "description": "x" * 200_000})
        if refused.status_code != 201:
            break
    assert refused.status_code == 507, refused.text
    assert refused.json()["error"]["code"] == "disk_full"
    # And a body too big for nginx's memory buffer (1 MB), which nginx cannot spool to the full
    # disk, is refused by nginx in the same JSON shape (a page for a form)
    upload = requests.post(stack.url("/api/v1/projects/1/images?file_name=big.png"), data=b"x" * (3 << 19),
                           headers=dict(headers, **{"Content-Type": "image/png"}))
    assert upload.status_code == 500 and upload.json()["error"]["code"] == "request_not_stored", upload.text
    form = requests.post(stack.url("/admin/users"), data={"padding": "x" * (3 << 19)})
    assert form.status_code == 500 and "text/html" in form.headers["Content-Type"]
    assert "Could not take the request" in form.text
    # Then, once space is freed, writes work again and what was saved before is still there
    free_disk(data)
    assert requests.post(stack.url("/api/v1/projects"), headers=headers, json={"name": "After"}).status_code == 201
    names = [p["name"] for p in requests.get(stack.url("/api/v1/projects"), headers=headers).json()["projects"]]
    assert "Before" in names and "After" in names
    assert sqlite3.connect(data / "loupe.sqlite").execute("PRAGMA integrity_check").fetchone()[0] == "ok"
