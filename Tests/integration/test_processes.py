"""The worker's process model: a killed child is replaced; SIGTERM lets an in-flight request finish."""
import os
import signal
import threading
import time

import requests

from conftest import statuses_while_killing_workers, wait_until


def test_a_killed_worker_is_replaced(fresh_stack):
    stack = fresh_stack().start()
    # Given two workers, when one is killed outright
    victim = stack.children()[0]
    os.kill(victim, signal.SIGKILL)
    # Then the master starts a replacement
    wait_until(lambda: victim not in stack.children() and len(stack.children()) == 2, what="replacement worker")
    # And every following request succeeds
    statuses = [requests.get(stack.url("/api/v1/health")).status_code for _ in range(20)]
    assert statuses == [200] * 20
    assert "starting a replacement" in stack.worker_log.read_text()


def test_sigterm_lets_the_request_in_flight_finish(fresh_stack):
    # Given a user whose password hash is slow to check (scrypt N=2^16), so a login takes a while
    stack = fresh_stack(scrypt_log_n="16").start()
    stack.add_user("slow", "annotator")
    session = requests.Session()
    token = session.get(stack.url("/auth/csrf")).json()["csrf_token"]
    result = {}

    def log_in():
        started = time.monotonic()
        result["response"] = session.post(stack.url("/auth/login"), allow_redirects=False, timeout=60, data={
            "username": "slow", "password": "slow-password", "csrf_token": token})
        result["seconds"] = time.monotonic() - started

    # When the master gets SIGTERM while that login is being answered
    thread = threading.Thread(target=log_in)
    thread.start()
    time.sleep(0.3)
    assert thread.is_alive(), "the login finished too fast to test anything"
    stack.master.send_signal(signal.SIGTERM)
    thread.join(60)
    # Then the login still completes with its session
    response = result["response"]
    assert response.status_code == 303 and response.headers["Location"] == "/", response.text
    assert "loupe_session" in session.cookies
    # And the master exits 0 with its workers gone
    assert stack.master.wait(timeout=30) == 0
    assert not (stack.data / "run" / "worker.sock").exists()
    log = stack.worker_log.read_text()
    assert "POST /auth/login 303" in log and "master stopped" in log


def test_reads_in_flight_when_a_worker_dies_are_answered_by_another(fresh_stack):
    stack = fresh_stack().start()
    stack.add_user("reader", "admin")
    headers = {"Authorization": f"Bearer {stack.token('reader')}"}
    project = requests.post(stack.url("/api/v1/projects"), headers=headers, json={"name": "Kills"}).json()
    # Given eight clients keeping both worker children busy with reads, when a child is SIGKILLed five times mid-request
    statuses = statuses_while_killing_workers(
        stack, lambda session, _: session.get(stack.url(f"/api/v1/projects/{project['id']}/images"), headers=headers).status_code)
    # Then nginx passed each interrupted read on to another child: no client saw an error
    assert len(statuses) > 100 and set(statuses) == {200}, {s: statuses.count(s) for s in set(statuses)}


def test_with_the_worker_down_nginx_answers_in_the_api_s_error_shape(fresh_stack):
    stack = fresh_stack().start()
    # Given the worker master stopped (and its children with it)
    stack.master.send_signal(signal.SIGTERM)
    assert stack.master.wait(timeout=30) == 0
    # Then an API call gets the JSON error shape the editor shows, and a page gets a short page
    api = requests.get(stack.url("/api/v1/health"))
    assert api.status_code == 502 and api.json()["error"]["code"] == "worker_unavailable", api.text
    page = requests.get(stack.url("/admin/users"))
    assert page.status_code == 502 and "Loupe is restarting" in page.text
