"""Starts the real stack for integration tests: `loupe init`, the pre-forking worker and nginx (and
the trainer when a test asks for it), on a free port with a temporary data dir; stops it afterwards.
Binaries come from $LOUPE_BIN_DIR. With $LOUPE_INTEGRATION_POSTGRES (a server URL) every stack's store
is a new PostgreSQL database on that server instead of data/loupe.sqlite."""
import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
import uuid
from pathlib import Path

import pytest
import requests
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(os.environ.get("LOUPE_BIN_DIR", ROOT / ".build" / "debug"))
POSTGRES_SERVER = os.environ.get("LOUPE_INTEGRATION_POSTGRES", "")
# Tests of what only a SQLite file has (its busy lock, PRAGMA integrity_check on the file, its online backup).
sqlite_only = pytest.mark.skipif(bool(POSTGRES_SERVER), reason="the SQLite file's own behaviour")


def new_postgres_database():
    """A new, empty database on the test server, as its URL."""
    name = f"loupe_it_{uuid.uuid4().hex[:16]}"
    subprocess.run(["psql", POSTGRES_SERVER, "-qc", f"CREATE DATABASE {name}"], check=True, capture_output=True)
    return POSTGRES_SERVER.rsplit("/", 1)[0] + "/" + name


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, seconds=20, what="condition"):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except Exception:
            pass
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def wait_for_page(page, expression, seconds=10):
    """Waits until `expression` is true in the page. Playwright's wait_for_function compiles its
    predicate inside the page, which the pages' Content-Security-Policy (no eval) refuses; evaluate
    runs outside the page's policy, so this polls it instead."""
    wait_until(lambda: page.evaluate(expression), seconds=seconds, what=expression)


class Stack:
    """One running Loupe: nginx → loupe-worker (and loupe-events for job streams) → SQLite in `data`, or a
    PostgreSQL database of its own when the suite runs on PostgreSQL."""

    def __init__(self, data: Path, workers=2, scrypt_log_n="12", max_body_bytes=1 << 20, host="127.0.0.1", heartbeat_seconds=15,
                 nginx_keepalive=None, database_url=None, object_store=None):
        self.data = data
        self.host = host  # where nginx listens; the tests always speak to it through 127.0.0.1
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = dict(os.environ, LOUPE_SCRYPT_LOG_N=scrypt_log_n)
        self.database_url = database_url or (new_postgres_database() if POSTGRES_SERVER else None)
        if self.database_url:
            self.env["LOUPE_DATABASE_URL"] = self.database_url
        # Files in this S3-compatible bucket (a URL from object_store_server) instead of under `data`.
        if object_store:
            self.env["LOUPE_OBJECT_STORE"] = object_store
        self.workers = workers
        self.max_body_bytes = max_body_bytes
        self.worker_log = data / "worker.log"
        self.trainer_log = data / "trainer.log"
        self.events_log = data / "events.log"
        self.heartbeat_seconds = heartbeat_seconds
        # Idle connections each nginx worker keeps to the worker (render-nginx's default when None).
        self.nginx_keepalive = nginx_keepalive
        self.master = self.nginx = self.trainer = self.events = None

    def start(self, initialise=True):
        """initialise=False: the data dir already holds a database (a restored backup, say)."""
        if initialise:
            out = self.cli("init")
            self.admin_password = re.search(r"Password:\s+(\S+)", out).group(1)
        run = self.data / "run"
        self.master = subprocess.Popen(
            [BIN / "loupe-worker", "--data-dir", self.data, "--workers", str(self.workers),
             "--max-body-bytes", str(self.max_body_bytes), "--pid-file", run / "worker.pid"],
            stdout=open(self.worker_log, "ab"), stderr=subprocess.STDOUT, env=self.env)
        wait_until(lambda: (run / "worker.sock").exists(), what="worker socket")
        self.events = subprocess.Popen(
            [BIN / "loupe-events", "--data-dir", self.data, "--pid-file", run / "events.pid",
             "--heartbeat-seconds", str(self.heartbeat_seconds)],
            stdout=open(self.events_log, "ab"), stderr=subprocess.STDOUT, env=self.env)
        wait_until(lambda: (run / "events.sock").exists(), what="event process socket")
        conf = run / "nginx.conf"
        render_env = dict(os.environ, **{k: v for k, v in self.env.items() if k == "LOUPE_OBJECT_STORE"})
        if self.nginx_keepalive is not None:
            render_env["LOUPE_FASTCGI_KEEPALIVE"] = str(self.nginx_keepalive)
        conf.write_text(subprocess.check_output(
            [ROOT / "scripts" / "render-nginx", self.data, str(self.port), self.host, "off"], text=True, env=render_env))
        self.nginx = subprocess.Popen(["nginx", "-c", conf, "-e", run / "nginx-error.log"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(lambda: requests.get(self.url("/api/v1/health"), timeout=2).ok, what="health through nginx")
        wait_until(lambda: len(self.children()) == self.workers, what="all workers")
        return self

    def start_trainer(self, lease_seconds=30):
        """The real loupe-trainer on this data dir; one thread so two test processes share the cores."""
        self.trainer = subprocess.Popen(
            [BIN / "loupe-trainer", "--data-dir", self.data, "--lease-seconds", str(lease_seconds),
             "--poll-seconds", "0.2", "--pid-file", self.data / "run" / "trainer.pid"],
            stdout=open(self.trainer_log, "ab"), stderr=subprocess.STDOUT, env=dict(self.env, LOUPE_THREADS="1"))
        wait_until(lambda: (self.data / "run" / "trainer.pid").exists(), what="trainer pid file")
        return self.trainer

    def kill_trainer(self):
        self.trainer.send_signal(signal.SIGKILL)
        self.trainer.wait(timeout=10)
        (self.data / "run" / "trainer.pid").unlink(missing_ok=True)

    def stop(self):
        if self.trainer and self.trainer.poll() is None:
            self.trainer.send_signal(signal.SIGTERM)
            try:
                self.trainer.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.trainer.kill()
        for process in (self.nginx, self.master, self.events):
            if process and process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in (self.nginx, self.master, self.events):
            if process:
                try:
                    process.wait(timeout=40)
                except subprocess.TimeoutExpired:
                    process.kill()

    def url(self, path):
        return self.base + path

    def cli(self, *args, stdin=None):
        return subprocess.run([BIN / "loupe", *args, "--data-dir", self.data], input=stdin, env=self.env,
                              capture_output=True, text=True, check=True).stdout

    def add_user(self, name, role, password=None):
        self.cli("user", "add", name, "--role", role, "--password-stdin", stdin=(password or f"{name}-password") + "\n")

    def token(self, username):
        return self.cli("token", "create", username, "--name", "test").strip()

    def children(self):
        out = subprocess.run(["pgrep", "-P", str(self.master.pid)], capture_output=True, text=True).stdout
        return [int(pid) for pid in out.split()]

    def login(self, username, password=None):
        """A browser session logged in through the static login page's flow."""
        session = requests.Session()
        token = session.get(self.url("/auth/csrf")).json()["csrf_token"]
        response = session.post(self.url("/auth/login"), allow_redirects=False, data={
            "username": username, "password": password or f"{username}-password", "csrf_token": token})
        assert response.status_code == 303, response.text
        assert "loupe_session" in session.cookies, response.headers
        me = session.get(self.url("/api/v1/me")).json()
        session.csrf = me["csrf_token"]
        return session


def statuses_while_killing_workers(stack, send, clients=8, kills=5):
    """Every status `send(session, client)` got from `clients` threads, sending until a worker child had
    been SIGKILLed `kills` times mid-request (each time waiting for its replacement)."""
    statuses, stop = [], threading.Event()

    def client(n):
        with requests.Session() as session:
            while not stop.is_set():
                statuses.append(send(session, n))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for _ in range(kills):
        time.sleep(0.4)
        os.kill(stack.children()[0], signal.SIGKILL)
        wait_until(lambda: len(stack.children()) == stack.workers, what="replacement worker")
    time.sleep(0.4)
    stop.set()
    for thread in threads:
        thread.join()
    return statuses


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    stack = Stack(tmp_path_factory.mktemp("loupe-data")).start()
    yield stack
    stack.stop()


@pytest.fixture
def fresh_stack(tmp_path):
    """A stack of its own, for tests that stop or break it."""
    stacks = []

    def make(**options):
        stacks.append(Stack(tmp_path / f"data{len(stacks)}", **options))
        stacks[-1].data.mkdir()
        return stacks[-1]

    yield make
    for stack in stacks:
        stack.stop()


@pytest.fixture
def small_disk_stack(tmp_path):
    """A stack whose data dir is a 48 MB filesystem of its own (a tmpfs: the tests run as root), to fill up."""
    data = tmp_path / "small-disk"
    data.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", data], check=True)
    stack = Stack(data)
    yield stack
    stack.stop()
    subprocess.run(["umount", "-l", data], check=False)


def fill_disk(data):
    subprocess.run(["dd", "if=/dev/zero", f"of={data / 'filler'}", "bs=1M"], capture_output=True)


def free_disk(data):
    (data / "filler").unlink()


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium driven by Playwright."""
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail("chromium is not installed (scripts/test installs it)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        yield browser
        browser.close()


def log_in_page(browser, stack, username, password=None):
    """A browser page signed in through the login form, collecting JavaScript errors in `page.errors`."""
    page = browser.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(stack.url("/login.html"))
    page.fill("#username", username)
    page.fill("input[name=password]", password or f"{username}-password")
    page.click("#submit")
    page.wait_for_url(stack.url("/"))
    return page


def postgres_cluster(directory):
    """Starts (initdb on first use) a PostgreSQL server of its own in `directory`; returns its server URL."""
    return subprocess.run([ROOT / "scripts" / "postgres", "start", directory], check=True, capture_output=True,
                          text=True).stdout.strip()


def stop_postgres_cluster(directory):
    subprocess.run([ROOT / "scripts" / "postgres", "stop", directory], check=True, capture_output=True)


def object_store_server(directory):
    """Starts SeaweedFS (set up on first use) with its data in `directory`; returns the URL Loupe takes."""
    return subprocess.run([ROOT / "scripts" / "object-store", "start", directory], check=True, capture_output=True,
                          text=True).stdout.strip()


def stop_object_store_server(directory):
    subprocess.run([ROOT / "scripts" / "object-store", "stop", directory], check=True, capture_output=True)


def start_prometheus(config, tmp_path):
    """Real Prometheus on `config` (storage under tmp_path); returns the process and its API base URL."""
    port = free_port()
    process = subprocess.Popen(
        ["prometheus", f"--config.file={config}", f"--storage.tsdb.path={tmp_path / 'tsdb'}",
         f"--web.listen-address=127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=open(tmp_path / "prometheus.log", "wb"))
    return process, f"http://127.0.0.1:{port}/api/v1"
