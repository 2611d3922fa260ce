"""The fast form of scripts/bench-load: a few seconds of the wrk mix (scripts/bench/load.lua) against
the real stack with a `loupe backup` taken during it; then every save a client was told succeeded
must be in the store (SQLite or PostgreSQL), the database must pass its integrity check, the backup must be a consistent past, and
`loupe restore` must turn it into a data dir that a new stack serves."""
import hashlib
import subprocess
import sys
import threading

import requests

from conftest import BIN, ROOT, Stack, new_postgres_database

sys.path.insert(0, str(ROOT / "scripts" / "bench"))
import load_check  # noqa: E402


def test_no_acknowledged_save_is_lost_under_load_and_a_backup_taken_meanwhile_is_consistent(stack, tmp_path, capsys):
    stack.add_user("load-data", "data")
    token = stack.token("load-data")
    load_check.setup(stack.base, token, 40)
    project, label, ids = capsys.readouterr().out.split()
    env = dict(LOAD_TOKEN=token, LOAD_PROJECT=project, LOAD_LABEL=label, LOAD_IMAGES=ids, LOAD_THREADS="2",
               LOAD_ACKS=str(tmp_path), PATH="/usr/bin:/bin")
    live = stack.database_url or str(stack.data / "loupe.sqlite")
    backup = tmp_path / ("backup.dump" if stack.database_url else "backup.sqlite")
    # A backup halfway through the load (SQLite's online backup, or pg_dump)
    taker = threading.Timer(3, lambda: stack.cli("backup", str(backup)))
    taker.start()
    out = subprocess.run(["wrk", "-t2", "-c16", "-d6s", "--timeout", "10s", "-s", ROOT / "scripts" / "bench" / "load.lua",
                          stack.base], env=env, capture_output=True, text=True, check=True).stdout
    taker.join()
    result = next(line for line in out.splitlines() if line.startswith("RESULT"))
    statuses = dict(map(int, s.split("=")) for s in result.split("statuses=")[1].split(",") if s)
    assert not [s for s in statuses if s >= 500], result
    assert statuses.get(200, 0) > 100, result
    # Every acknowledged save is in the store, no image is behind its last ack, and the integrity check says ok
    assert load_check.acks(str(tmp_path), live) == 0, capsys.readouterr().out
    report = capsys.readouterr().out
    assert "lost: 0" in report and "integrity_check: ok" in report
    saves = int(report.split("acknowledged saves: ")[1].split()[0])
    assert saves > 20, report

    # `loupe restore` makes a new data dir (and, on PostgreSQL, fills a new database) from the backup
    restored = tmp_path / "restored"
    restored_url = new_postgres_database() if stack.database_url else None
    done = restore(stack, backup, restored, restored_url)
    assert done.returncode == 0, done.stderr
    assert ("schema ok" if restored_url else "integrity ok") in done.stdout and "checked against their sha256" in done.stdout
    # The backup passes the integrity check and every revision in it equals the live one
    old = load_check.Store(restored_url or str(backup))
    assert old.integrity() == "ok"
    revisions, now = old.revisions(), load_check.Store(live).revisions()
    assert revisions, "the backup was taken after the load began"
    assert all(now.get(key) == shapes for key, shapes in revisions.items())
    # And a stack started on the restored copy serves the images
    second = Stack(restored, database_url=restored_url).start(initialise=False)
    try:
        auth = {"Authorization": f"Bearer {token}"}
        for image_id, sha in old.rows("SELECT id, sha256 FROM images ORDER BY id LIMIT 5"):
            served = requests.get(second.url(f"/api/v1/images/{image_id}/file"), headers=auth)
            assert served.status_code == 200 and hashlib.sha256(served.content).hexdigest() == sha
        assert requests.get(second.url(f"/api/v1/projects/{project}"), headers=auth).ok
    finally:
        second.stop()
    # A second restore into the same place is refused: nothing is overwritten
    again = restore(stack, backup, restored, restored_url)
    assert again.returncode != 0 and ("not empty" if restored_url else "already exists") in again.stderr


def restore(stack, backup, into, database_url=None):
    database = ["--database", database_url] if database_url else []
    return subprocess.run([BIN / "loupe", "restore", backup, "--files-from", stack.data, "--data-dir", into, *database],
                          capture_output=True, text=True, env=stack.env)
