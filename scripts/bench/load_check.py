"""The checks after scripts/bench-load (standard library only):

  setup DATA_BASE TOKEN COUNT             make a project, a label and COUNT images; print their ids
  acks ACK_DIR DB                         every save a client was told succeeded is in SQLite
  restore BACKUP LIVE_DB RESTORED_BASE    the backup is a consistent past state, and a stack started
                                          on the restored copy serves every image with its checksum
"""
import hashlib
import json
import sqlite3
import struct
import sys
import time
import urllib.request
import zlib
from concurrent.futures import ThreadPoolExecutor


def call(base, token, method, path, body=None, content_type="application/json"):
    request = urllib.request.Request(base + path, data=body, method=method,
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": content_type})
    with urllib.request.urlopen(request, timeout=60) as response:
        data = response.read()
        return json.loads(data) if response.headers.get("Content-Type", "").startswith("application/json") else data


def png(side, n):
    """A grey square PNG, made distinct by its first pixel (tiny to send; 1000 px so that saves
    can carry numbers in box coordinates)."""
    grey = bytes([90 + n % 100] * 3)
    row = b"\x00" + bytes([n & 255, (n >> 8) & 255, 7]) + grey * (side - 1)
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(row * side, 9)) + chunk(b"IEND", b""))


def setup(base, token, count):
    project = call(base, token, "POST", "/api/v1/projects", json.dumps({"name": f"Load {time.time():.0f}"}).encode())
    label = call(base, token, "POST", f"/api/v1/projects/{project['id']}/labels", json.dumps({"name": "box"}).encode())

    def upload(n):
        return call(base, token, "POST", f"/api/v1/projects/{project['id']}/images?file_name=load-{n}.png",
                    png(1000, n), "image/png")["image"]["id"]
    with ThreadPoolExecutor(4) as pool:
        ids = list(pool.map(upload, range(count)))
    print(project["id"], label["id"], ",".join(map(str, ids)))


def box_serials(shapes_json):
    """The serial numbers of the boxes in a stored shapes list (y + 900·(h − 1), see load.lua)."""
    serials = set()
    for shape in json.loads(shapes_json):
        if "y" in shape and "h" in shape:
            serials.add(round(shape["y"]) + 900 * (round(shape["h"]) - 1))
    return serials


def acks(ack_dir, db_path):
    import glob
    acked = {}
    for name in glob.glob(f"{ack_dir}/acks-*.txt"):
        for line in open(name):
            image, revision, serial = map(int, line.split())
            acked[(image, revision)] = serial
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    lost = [key for key, serial in acked.items()
            if serial not in box_serials((db.execute("SELECT shapes FROM annotation_revisions WHERE image_id = ? AND revision = ?",
                                                     key).fetchone() or ["[]"])[0])]
    newest = {}
    for (image, revision) in acked:
        newest[image] = max(newest.get(image, 0), revision)
    behind = [image for image, revision in newest.items()
              if db.execute("SELECT MAX(revision) FROM annotation_revisions WHERE image_id = ?", (image,)).fetchone()[0] < revision]
    integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
    print(f"acknowledged saves: {len(acked)} on {len(newest)} images; lost: {len(lost)}; images behind an ack: {len(behind)}; "
          f"integrity_check: {integrity}")
    if lost:
        print("  lost, e.g.:", lost[:5])
    return 0 if not lost and not behind and integrity == "ok" else 1


def restore(backup, live_db, restored_base):
    old = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    live = sqlite3.connect(f"file:{live_db}?mode=ro", uri=True)
    integrity = old.execute("PRAGMA integrity_check").fetchone()[0]
    # A consistent past: every revision in the backup is exactly the live one (revisions are never rewritten)
    rows = old.execute("SELECT image_id, revision, shapes FROM annotation_revisions").fetchall()
    differ = sum(1 for image, revision, shapes in rows
                 if live.execute("SELECT shapes FROM annotation_revisions WHERE image_id = ? AND revision = ?",
                                 (image, revision)).fetchone() != (shapes,))
    counts = {table: old.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
              for table in ("images", "annotation_revisions", "shapes", "labels", "projects")}
    # The restored stack serves every image, byte for byte what the backup's checksum says
    token = sys.argv[5]
    images = old.execute("SELECT id, sha256 FROM images").fetchall()

    def matches(row):
        return hashlib.sha256(call(restored_base, token, "GET", f"/api/v1/images/{row[0]}/file")).hexdigest() == row[1]
    with ThreadPoolExecutor(4) as pool:
        served = sum(pool.map(matches, images))
    listed = call(restored_base, token, "GET", "/api/v1/projects")
    print(f"backup taken under load: integrity_check {integrity}; {counts}; "
          f"revisions differing from live: {differ}; restored stack serves {served}/{len(images)} images with matching sha256; "
          f"projects listed: {len(listed if isinstance(listed, list) else listed.get('projects', []))}")
    return 0 if integrity == "ok" and differ == 0 and served == len(images) else 1


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "setup":
        setup(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif command == "acks":
        sys.exit(acks(sys.argv[2], sys.argv[3]))
    elif command == "restore":
        sys.exit(restore(sys.argv[2], sys.argv[3], sys.argv[4]))
