"""The fast form of scripts/bench-load: a few seconds of the wrk mix (scripts/bench/load.lua) against
the real stack with a `loupe backup` taken during it; then every save a client was told succeeded
must be in SQLite, the database must pass integrity_check, the backup must be a consistent past, and
`loupe restore` must turn it into a data dir that a new stack serves."""
import hashlib
import sqlite3
import subprocess
import sys
import threading

import requests

from conftest import BIN, ROOT, Stack, sqlite_only

sys.path.insert(0, str(ROOT / "scripts" / "bench"))
import load_check  # noqa: E402


@sqlite_only
def test_no_acknowledged_save_is_lost_under_load_and_a_backup_taken_meanwhile_is_consistent(stack, tmp_path, capsys):
    stack.add_user("load-data", "data")
    token = stack.token("load-data")
    load_check.setup(stack.base, token, 40)
    project, label, ids = capsys.readouterr().out.split()
    env = dict(LOAD_TOKEN=token, LOAD_PROJECT=project, LOAD_LABEL=label, LOAD_IMAGES=ids, LOAD_THREADS="2",
               LOAD_ACKS=str(tmp_path), PATH="/usr/bin:/bin")
    backup = tmp_path / "backup.sqlite"
    # A backup halfway through the load
    taker = threading.Timer(3, lambda: stack.cli("backup", str(backup)))
    taker.start()
    out = subprocess.run(["wrk", "-t2", "-c16", "-d6s", "--timeout", "10s", "-s", ROOT / "scripts" / "bench" / "load.lua",
                          stack.base], env=env, capture_output=True, text=True, check=True).stdout
    taker.join()
    result = next(line for line in out.splitlines() if line.startswith("RESULT"))
    statuses = dict(map(int, s.split("=")) for s in result.split("statuses=")[1].split(",") if s)
    assert not [s for s in statuses if s >= 500], result
    assert statuses.get(200, 0) > 100, result
    # Every acknowledged save is in SQLite, no image is behind its last ack, and integrity_check says ok
    assert load_check.acks(str(tmp_path), str(stack.data / "loupe.sqlite")) == 0, capsys.readouterr().out
    report = capsys.readouterr().out
    assert "lost: 0" in report and "integrity_check: ok" in report
    saves = int(report.split("acknowledged saves: ")[1].split()[0])
    assert saves > 20, report
    # The backup passes integrity_check and every revision in it equals the live one
    old = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    live = sqlite3.connect(f"file:{stack.data / 'loupe.sqlite'}?mode=ro", uri=True)
    assert old.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = old.execute("SELECT image_id, revision, shapes FROM annotation_revisions").fetchall()
    assert rows, "the backup was taken after the load began"
    for image, revision, shapes in rows:
        assert live.execute("SELECT shapes FROM annotation_revisions WHERE image_id = ? AND revision = ?",
                            (image, revision)).fetchone() == (shapes,)

    # `loupe restore` makes a new data dir from the backup, and a stack started on it serves the images
    restored = tmp_path / "restored"
    done = restore(stack, backup, restored)
    assert done.returncode == 0, done.stderr
    assert "integrity ok" in done.stdout and "checked against their sha256" in done.stdout, done.stdout
    second = Stack(restored).start(initialise=False)
    try:
        auth = {"Authorization": f"Bearer {token}"}
        for image_id, sha in old.execute("SELECT id, sha256 FROM images ORDER BY id LIMIT 5").fetchall():
            served = requests.get(second.url(f"/api/v1/images/{image_id}/file"), headers=auth)
            assert served.status_code == 200 and hashlib.sha256(served.content).hexdigest() == sha
        assert requests.get(second.url(f"/api/v1/projects/{project}"), headers=auth).ok
    finally:
        second.stop()
    # A second restore into the same place is refused: nothing is overwritten
    again = restore(stack, backup, restored)
    assert again.returncode != 0 and "already exists" in again.stderr


def restore(stack, backup, into):
    return subprocess.run([BIN / "loupe", "restore", backup, "--files-from", stack.data, "--data-dir", into],
                          capture_output=True, text=True, env=stack.env)
