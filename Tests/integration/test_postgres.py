"""PostgreSQL as the store, through the real stack: a wrong URL stops a process at start with a clear
message; a server restart under load gives 503 database_unavailable while it is down, and the same
worker processes recover when it is back, with nothing acknowledged lost. Each test runs a server of
its own (scripts/postgres), so it runs once, in the SQLite pass of the suite."""
import os
import shutil
import subprocess
import tempfile
import threading
import time
import uuid

import pytest
import requests

from conftest import BIN, POSTGRES_SERVER, Stack, postgres_cluster, stop_postgres_cluster, wait_until

pytestmark = pytest.mark.skipif(bool(POSTGRES_SERVER), reason="runs a PostgreSQL server of its own; once is enough")


@pytest.fixture
def cluster():
    # Not under tmp_path: pytest's directories are root's alone, and the server runs as `postgres`.
    directory = tempfile.mkdtemp(prefix="loupe-pg-test-")
    os.chmod(directory, 0o755)
    server = postgres_cluster(directory)
    yield directory, server
    stop_postgres_cluster(directory)
    shutil.rmtree(directory, ignore_errors=True)


def create_database(server, name):
    subprocess.run(["psql", server, "-qc", f"CREATE DATABASE {name}"], check=True, capture_output=True)
    return server.rsplit("/", 1)[0] + "/" + name


def test_a_wrong_url_or_password_stops_each_process_at_start_saying_why(cluster, tmp_path):
    _, server = cluster
    url = create_database(server, "loupe")
    wrong_password = url.replace(url.split(":")[2].split("@")[0], "not-the-password")
    cases = [(wrong_password, "password authentication failed"),
             (url.rsplit("/", 1)[0] + "/no_such_database", 'database "no_such_database" does not exist'),
             ("postgresql://loupe@127.0.0.1:1/loupe", "Connection refused")]
    for database, reason in cases:
        for command in (["loupe-worker", "--workers", "1"], ["loupe-trainer"], ["loupe", "user", "list"]):
            done = subprocess.run([BIN / command[0], *command[1:], "--data-dir", tmp_path, "--database", database],
                                  capture_output=True, text=True, timeout=30)
            assert done.returncode != 0, (command, database)
            assert "cannot open database" in done.stderr and reason in done.stderr, (command, done.stderr)
            assert "not-the-password" not in done.stderr  # the password never reaches a log


def test_a_restart_under_load_gives_503_while_down_and_the_same_workers_recover(cluster, tmp_path):
    directory, server = cluster
    data = tmp_path / "data"
    data.mkdir()
    stack = Stack(data, database_url=create_database(server, "loupe")).start()
    try:
        stack.add_user("dana", "data")
        headers = {"Authorization": f"Bearer {stack.token('dana')}"}
        children = sorted(stack.children())
        results, stop = [], threading.Event()  # (time, kind, status, body)

        def writer():
            while not stop.is_set():
                name = f"p-{uuid.uuid4().hex[:10]}"
                try:
                    response = requests.post(stack.url("/api/v1/projects"), headers=headers, json={"name": name}, timeout=15)
                    results.append((time.time(), "write", response.status_code, response.json(), name))
                except requests.RequestException as error:
                    results.append((time.time(), "write", None, str(error), name))

        def reader():
            while not stop.is_set():
                response = requests.get(stack.url("/api/v1/projects"), headers=headers, timeout=15)
                results.append((time.time(), "read", response.status_code, response.json(), None))

        threads = [threading.Thread(target=f) for f in (writer, writer, reader)]
        for thread in threads:
            thread.start()
        time.sleep(1.5)
        down_at = time.time()
        stop_postgres_cluster(directory)
        time.sleep(2)
        postgres_cluster(directory)
        up_at = time.time()
        time.sleep(2.5)
        stop.set()
        for thread in threads:
            thread.join()
        # Then: outside the restart only successes; inside it, successes or 503 database_unavailable, nothing else
        assert all(status in (200, 201) for at, _, status, _, _ in results if at < down_at), results[:5]
        failures = [(status, body) for _, _, status, body, _ in results if status not in (200, 201)]
        assert failures, "the restart was noticed"
        assert all(status == 503 and body["error"]["code"] == "database_unavailable" for status, body in failures), failures[:3]
        # And the same worker processes answer once the server is back (no restart of Loupe)
        after = [status for at, _, status, _, _ in results if at > up_at + 1]
        assert after and all(status in (200, 201) for status in after), after
        assert sorted(stack.children()) == children
        # And every acknowledged write is there
        acknowledged = {name for _, kind, status, _, name in results if kind == "write" and status == 201}
        listed = {p["name"] for p in requests.get(stack.url("/api/v1/projects?limit=1000"), headers=headers).json()["projects"]}
        assert acknowledged and acknowledged <= listed
        assert requests.get(stack.url("/api/v1/health")).status_code == 200
    finally:
        stack.stop()


def test_a_sqlite_data_dir_moves_to_postgres_and_its_backup_restores_into_a_new_database(cluster, tmp_path):
    from test_images import jpeg
    _, server = cluster
    data = tmp_path / "data"
    data.mkdir()
    # Given a SQLite stack with a project, an uploaded image and saved shapes
    stack = Stack(data).start()
    stack.add_user("dana", "data", "dana-password")
    headers = {"Authorization": f"Bearer {stack.token('dana')}"}
    project = requests.post(stack.url("/api/v1/projects"), headers=headers, json={"name": "Moving"}).json()
    label = requests.post(stack.url(f"/api/v1/projects/{project['id']}/labels"), headers=headers, json={"name": "Sign"}).json()
    image = requests.post(stack.url(f"/api/v1/projects/{project['id']}/images"), params={"file_name": "s.jpg"},
                          headers=headers, data=jpeg(300, 200, (10, 10, 10))).json()["image"]
    shapes = [{"type": "bbox", "label_id": label["id"], "x": 12.5, "y": 20, "w": 100, "h": 50.25}]
    assert requests.put(stack.url(f"/api/v1/images/{image['id']}/annotations"), headers=headers,
                        json={"revision": 0, "shapes": shapes}).status_code == 200
    stack.stop()
    # When the data team copies it into an empty PostgreSQL database
    url = create_database(server, "moved")
    done = subprocess.run([BIN / "loupe", "migrate-to-postgres", "--data-dir", data, "--to", url],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "every count and checksum matches" in done.stdout and "shapes" in done.stdout
    # And a second copy into the same (now full) database is refused, saying why
    again = subprocess.run([BIN / "loupe", "migrate-to-postgres", "--data-dir", data, "--to", url], capture_output=True, text=True)
    assert again.returncode != 0 and "new, empty database" in again.stderr
    # Then a stack on the same data dir with LOUPE_DATABASE_URL serves it all: login, token, image, shapes
    moved = Stack(data, database_url=url).start(initialise=False)
    try:
        session = moved.login("dana", "dana-password")
        assert session.get(moved.url(f"/api/v1/images/{image['id']}/annotations")).json()["shapes"][0]["h"] == 50.25
        assert requests.get(moved.url(f"/api/v1/images/{image['id']}/thumbnail"), headers=headers).status_code == 200
        # And new rows continue after the copied ids
        second = requests.post(moved.url("/api/v1/projects"), headers=headers, json={"name": "After the move"})
        assert second.status_code == 201 and second.json()["id"] == project["id"] + 1
        # When it is backed up while running (pg_dump) and restored into a new database and data dir
        backup = tmp_path / "loupe.dump"
        moved.cli("backup", str(backup))
        assert backup.read_bytes()[:5] == b"PGDMP"
        restored_url = create_database(server, "restored")
        restored_data = tmp_path / "restored"
        done = subprocess.run([BIN / "loupe", "restore", backup, "--data-dir", restored_data, "--files-from", data,
                               "--database", restored_url], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert "files copied" in done.stdout
    finally:
        moved.stop()
    # Then the restored stack holds both projects and the image's file
    restored = Stack(restored_data, database_url=restored_url).start(initialise=False)
    try:
        names = {p["name"] for p in requests.get(restored.url("/api/v1/projects"), headers=headers).json()["projects"]}
        assert names == {"Moving", "After the move"}
        assert requests.get(restored.url(f"/api/v1/images/{image['id']}/thumbnail"), headers=headers).status_code == 200
    finally:
        restored.stop()
