"""nginx keeps its FastCGI connections to the worker open between requests (fastcgi_keep_conn). A worker
child waits on every connection it holds and on its listening socket at once, so however many
connections nginx keeps idle, a request never waits on a child sitting idle on another connection."""
import os
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests


def worker_connections(stack):
    """The FastCGI connections the worker children hold: their sockets on worker.sock (listening one aside)."""
    path = str(stack.data / "run" / "worker.sock")
    # /proc/net/unix: Num RefCount Protocol Flags Type St Inode Path; St 01 = unconnected (listening)
    on_socket = {fields[6] for fields in (line.split() for line in open("/proc/net/unix").read().splitlines()[1:])
                 if len(fields) >= 8 and fields[7] == path and fields[5] != "01"}
    held = set()
    for child in stack.children():
        for fd in os.listdir(f"/proc/{child}/fd"):
            try:
                target = os.readlink(f"/proc/{child}/fd/{fd}")
            except FileNotFoundError:
                continue
            if target.startswith("socket:[") and target[8:-1] in on_socket:
                held.add(target)
    return held


def test_one_client_s_requests_reuse_one_connection_to_the_worker(fresh_stack):
    stack = fresh_stack().start()
    with requests.Session() as session:
        assert session.get(stack.url("/api/v1/health")).status_code == 200
        before = worker_connections(stack)
        assert before, "no connection kept open"
        # When one client sends twenty requests one after another
        statuses = [session.get(stack.url("/api/v1/health")).status_code for _ in range(20)]
    # Then all were answered on connections the children already held: none was opened for them
    assert statuses == [200] * 20
    assert worker_connections(stack) == before


def test_a_body_the_route_never_read_does_not_spoil_the_kept_connection(fresh_stack):
    stack = fresh_stack().start()
    upload = {"files": ("big.jpg", b"\xff\xd8" + os.urandom(200_000), "image/jpeg")}
    with requests.Session() as session:
        for _ in range(10):
            # Given an upload refused before its body is read (no credentials)
            refused = session.post(stack.url("/api/v1/projects/1/images"), files=upload)
            assert refused.status_code == 401, refused.text
            # Then the next request on the same kept connection is read as a request of its own
            assert session.get(stack.url("/api/v1/health")).status_code == 200


def test_fast_requests_never_wait_on_idle_connections_while_slow_ones_run(fresh_stack):
    # Given two worker children, logins slow to check (scrypt N=2^16), and nginx allowed to keep 64
    # idle connections per nginx worker: far more than there are children to sit on them
    stack = fresh_stack(scrypt_log_n="16", nginx_keepalive=64).start()
    stack.add_user("slow", "annotator")
    # And a burst of 48 clients at once, which leaves nginx holding more idle connections than there
    # are children: a child that sat on one of them would leave the others' requests unanswered
    with ThreadPoolExecutor(48) as pool:
        assert set(pool.map(lambda _: requests.get(stack.url("/api/v1/health")).status_code, range(192))) == {200}
    assert len(worker_connections(stack)) > stack.workers, "nginx kept too few connections open to test anything"

    stop, login_seconds, fast = threading.Event(), [], []

    def log_in_again_and_again():
        with requests.Session() as session:
            while not stop.is_set():
                token = session.get(stack.url("/auth/csrf")).json()["csrf_token"]
                started = time.monotonic()
                response = session.post(stack.url("/auth/login"), allow_redirects=False, timeout=60, data={
                    "username": "slow", "password": "slow-password", "csrf_token": token})
                login_seconds.append(time.monotonic() - started)
                assert response.status_code == 303, response.text

    def read_quickly():
        with requests.Session() as session:
            while not stop.is_set():
                started = time.monotonic()
                status = session.get(stack.url("/api/v1/health"), timeout=60).status_code
                fast.append((status, time.monotonic() - started))

    # When one client logs in over and over (keeping one child busy) while twelve clients read
    threads = [threading.Thread(target=log_in_again_and_again)] + [threading.Thread(target=read_quickly) for _ in range(12)]
    for thread in threads:
        thread.start()
    time.sleep(4)
    stop.set()
    for thread in threads:
        thread.join(90)

    # Then every request was answered
    assert login_seconds and fast and {status for status, _ in fast} == {200}
    slowest_login = max(login_seconds)
    waits = sorted(seconds for _, seconds in fast)
    # And a read waited at most for the one login its child was answering (never for an idle
    # connection, which nginx would hold until its 60 s keepalive timeout)
    assert waits[-1] < slowest_login + 1.0, (waits[-1], slowest_login)
    # And most reads did not wait for a login at all: the other child kept answering
    assert statistics.median(waits) < min(0.1, slowest_login / 4), (statistics.median(waits), slowest_login)
    assert len(fast) > 10 * len(login_seconds)
